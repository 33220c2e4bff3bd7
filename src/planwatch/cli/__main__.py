from planwatch.cli.main import main

main()
