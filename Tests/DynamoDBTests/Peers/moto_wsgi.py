"""moto's WSGI app (every service, dispatched by host/target), for gunicorn to serve over HTTPS with keep-alive."""
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app

app = DomainDispatcherApplication(create_backend_app)
