"""``python -m tocsin`` is the ``tocsin`` command."""
from tocsin.cli import app

app(prog_name="tocsin")
