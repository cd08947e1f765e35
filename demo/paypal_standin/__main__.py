"""Command line: ``python -m demo.paypal_standin [--host H] [--port P] [--client-id ID --client-secret S]``."""
import argparse
import logging
import os

from werkzeug.serving import make_server

from .app import StandIn

log = logging.getLogger("demo.paypal_standin")


def main(argv=None):
    """Parse options, build the stand-in and serve it until interrupted."""
    parser = argparse.ArgumentParser(prog="python -m demo.paypal_standin", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1", help="interface to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8430, help="port (default 8430)")
    parser.add_argument("--public-url", help="base URL in links and webhook headers "
                                             "(default http://HOST:PORT)")
    # Credentials come from the environment rather than the command line, which `ps` shows.
    parser.add_argument("--client-id", default=os.environ.get("PAYPAL_STANDIN_CLIENT_ID"),
                        help="accept only this client id (env PAYPAL_STANDIN_CLIENT_ID; default: any)")
    parser.add_argument("--webhook-delay", type=float, default=0.3,
                        help="seconds between an event and its delivery (default 0.3)")
    parser.add_argument("--quiet", action="store_true", help="log warnings only")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING if args.quiet else logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # the stand-in logs each request itself
    base_url = args.public_url or f"http://{args.host}:{args.port}"
    standin = StandIn(base_url, client_id=args.client_id,
                      client_secret=os.environ.get("PAYPAL_STANDIN_CLIENT_SECRET"),
                      webhook_delay=args.webhook_delay)
    server = make_server(args.host, args.port, standin, threaded=True)
    log.info("PayPal stand-in listening on %s (credentials: %s)", base_url,
             "fixed client id" if standin.credentials else "any client id and secret")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
