"""The terminal: Rich's views (``views``) and tables (``tables``). The only package that imports
Rich; what goes to a pipe or a file is ``formats.text``'s."""
