"""Infrastructure the services call through one small module each (style.md): file storage
(``infra.storage``). Nothing here imports the domain; the Celery application is config/celery.py.
"""
