from planwatch.cli.main import main

if __name__ == "__main__":  # not when a worker process (services.workers) imports it
    main()
