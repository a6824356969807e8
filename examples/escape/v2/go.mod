module escapedemo

go 1.19
