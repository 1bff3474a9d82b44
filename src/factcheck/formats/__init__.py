"""Output: the records every format shares (``records``, the JSON shape), plain and serial text
(``text``, ``fastjson``), check's formats (``findings``), the terminal (``terminal/``, the one
package that imports Rich, with ``columns`` and ``pager`` beside it), a claim's detail
(``detail``), the annotated article (``layout``), the HTML report (``html`` with its package files
report.html/.css/.js), diff's outputs (``diff``), the SQLite export (``sqlite``) and exports for
other tools (``interchange``)."""
