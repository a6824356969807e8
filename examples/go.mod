module gomem.example/examples

go 1.19
