from tm.cli import main

main()
