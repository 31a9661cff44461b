# The production-like image: gunicorn serves the site, whitenoise the static files;
# the same image runs the Celery worker and beat (see docker-compose.yml).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1

WORKDIR /app
RUN useradd --create-home --uid 1000 tracker

COPY pyproject.toml constraints.txt README.md ./
COPY governance ./governance
COPY initiatives ./initiatives
RUN pip install -c constraints.txt .

COPY manage.py ./
COPY templates ./templates
COPY static ./static
RUN DEBUG=0 SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput

USER tracker
EXPOSE 8000
CMD ["gunicorn", "governance.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
