"""Views of the insights: text for the command line, the weekly report (HTML and PDF), charts."""
