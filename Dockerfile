# syntax=docker/dockerfile:1
# The Mailmove server image, built from this workspace: `docker build -t mailmove .`
# The front end is built by `cargo xtask dist` (trunk, wasm-bindgen and wasm-opt at
# the versions the workspace pins), the binary by cargo; the image holds only those.

# Node 20 for wasm-opt (npm binaryen 132); Debian's own is too old for the page.
FROM node:20-bookworm-slim AS node

FROM rust:1.95-bookworm AS build
COPY --from=node /usr/local/bin/node /usr/local/bin/node
COPY --from=node /usr/local/lib/node_modules /usr/local/lib/node_modules
RUN ln -s /usr/local/lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
    && ln -s /usr/local/lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx
WORKDIR /src
COPY . .
RUN cargo xtask dist \
    && cargo build --release --locked -p mailmove-server \
    && strip target/release/mailmove

FROM debian:bookworm-slim
# No CA package: the binary carries the Mozilla roots (and reads `--upstream-ca`).
RUN useradd --system --uid 10001 --no-create-home --shell /usr/sbin/nologin mailmove
COPY --from=build /src/target/release/mailmove /usr/local/bin/mailmove
COPY --from=build /src/dist /usr/share/mailmove/dist
ENV MAILMOVE_LISTEN=0.0.0.0:8080 \
    MAILMOVE_DIST=/usr/share/mailmove/dist \
    MAILMOVE_LOG_JSON=true
USER mailmove
EXPOSE 8080
# `serve` stops cleanly on SIGTERM (requests in flight finish, at most 20 s).
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/local/bin/mailmove"]
CMD ["serve"]
