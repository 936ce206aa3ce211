from stuurwiel.cli import main

main()
