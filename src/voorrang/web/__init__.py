"""The page shell every app's views use: who may open which page (the access matrix and its
decorators), the action runner, form helpers, the base templates and the CSS tokens. Apps depend
on the shell, never on another app's pages."""
