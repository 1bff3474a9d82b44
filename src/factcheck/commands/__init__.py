"""The commands, one module per group: ``read`` (list show search stats sources schema),
``check``, ``spot`` (init extract coverage classify), ``publish`` (annotate report export) and
``edit`` (add cite rate source add). ``common`` holds what they share: options, the format
choice, writing to stdout and files, and the exit codes. Only this package and ``cli`` import
Typer; a command parses its options and calls the core."""
