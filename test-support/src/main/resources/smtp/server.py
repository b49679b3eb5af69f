"""aiosmtpd with what a real mail relay asks of a client: STARTTLS before anything else and, when SMTP_USERNAME and
SMTP_PASSWORD are set (the environment, not argv, so the password is not in the process list), AUTH (PLAIN or LOGIN)
with them before any mail. Messages go to a Maildir; each login attempt is logged to AUTHLOG.

usage: python server.py PORT CERT KEY MAILDIR AUTHLOG
"""
import signal
import ssl
import os
import sys

from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Mailbox
from aiosmtpd.smtp import AuthResult, LoginPassword

port, cert, key, maildir, authlog = sys.argv[1:6]
username = os.environ.get("SMTP_USERNAME", "").encode()
password = os.environ.get("SMTP_PASSWORD", "").encode()


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.login == username and auth_data.password == password
    with open(authlog, "a") as log:
        login = auth_data.login.decode(errors="replace") if isinstance(auth_data, LoginPassword) else "?"
        log.write(("ok " if ok else "refused ") + mechanism + " " + login + "\n")
    return AuthResult(success=ok)


context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
context.load_cert_chain(cert, key)
controller = Controller(Mailbox(maildir), hostname="127.0.0.1", port=int(port), tls_context=context,
                        require_starttls=True, auth_required=bool(username), auth_require_tls=True, authenticator=authenticator)
controller.start()
signal.sigwait({signal.SIGTERM, signal.SIGINT})
controller.stop()
