from punchclock.cli.main import main

main()
