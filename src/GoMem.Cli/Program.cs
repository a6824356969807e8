using GoMem.Cli;

return GoMemCommandLine.Run(args, Console.Out, Console.Error);
