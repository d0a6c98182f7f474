from storyline.outputs.cli import main

main()
