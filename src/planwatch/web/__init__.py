"""web: the read side of the web app (pages in Chinese and the JSON API), a thin edge over
services.web; ``planwatch serve`` hands uvicorn ``planwatch.web.app:create_app``."""
