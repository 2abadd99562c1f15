# codecheck in a container, built from this checkout (docs/ci.md, "A container"):
#   docker build -t codecheck .
#   docker run --rm -v "$PWD:/work:ro" codecheck lint policies
# The image is for linux/amd64, the platform requirements/container.lock is written for, on the
# Python of CI (3.11). tests/test_container.py runs its build and install commands and checks the rest.
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY codecheck codecheck
COPY rules rules
RUN python -m pip wheel --no-cache-dir --disable-pip-version-check --no-deps -w dist .

FROM python:3.11-slim
WORKDIR /install
COPY requirements/container.lock container.lock
COPY --from=build /src/dist dist
# The dependencies at the versions CI tests, each checked against its hash; then codecheck itself, by its
# distribution name (codecheck on PyPI is an unrelated project), from the wheel built above.
RUN python -m pip install --no-cache-dir --disable-pip-version-check --require-hashes --no-deps -r container.lock \
    && python -m pip install --no-cache-dir --disable-pip-version-check --no-deps "codecheck-policy @ file://$PWD/$(ls dist/codecheck_policy-*.whl)" \
    && python -m pip check \
    && rm -r dist container.lock
RUN useradd --create-home --uid 10001 codecheck
USER codecheck
WORKDIR /work
ENTRYPOINT ["codecheck"]
CMD ["lint", "."]
