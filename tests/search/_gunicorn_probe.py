"""A WSGI app that answers 200: gunicorn's request-line limit is tested in front of it."""


def app(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"ok"]
