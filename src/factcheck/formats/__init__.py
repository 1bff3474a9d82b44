"""Output: the records every format shares (``records``, the JSON shape), plain and serial text
(``text``, ``fastjson``), check's formats (``findings``), the terminal (``terminal``, the one
module that imports Rich), a claim's detail (``detail``), the annotated article (``layout``), the
HTML report (``html`` with its package files report.html/.css/.js) and exports for other tools
(``interchange``)."""
