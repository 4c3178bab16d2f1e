"""A real SMTP server for the tests (aiosmtpd): every mail it takes is decoded and
written to DIR as one JSON file, {"from", "to", "subject", "text", "html"}, so Rust and
Playwright tests read what a person's mail program would show.

Usage: scripts/smtp-server PORT DIR   (runs this with the Python that has aiosmtpd)
"""

import email
import itertools
import json
import os
import signal
import sys
import threading
from email import policy

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, directory):
        self.directory = directory
        self.counter = itertools.count(1)

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        plain = message.get_body(preferencelist=("plain",))
        html = message.get_body(preferencelist=("html",))
        record = {
            "from": envelope.mail_from,
            "to": envelope.rcpt_tos,
            "subject": str(message["subject"] or ""),
            "text": plain.get_content() if plain else "",
            "html": html.get_content() if html else "",
        }
        name = f"{os.getpid()}-{next(self.counter):06d}.json"
        # Not *.json until it is whole: readers list the *.json files.
        partial = os.path.join(self.directory, name + ".partial")
        with open(partial, "w", encoding="utf-8") as out:
            json.dump(record, out)
        # Readers never see half a file.
        os.rename(partial, os.path.join(self.directory, name))
        return "250 Message accepted for delivery"


def main():
    port, directory = int(sys.argv[1]), sys.argv[2]
    os.makedirs(directory, exist_ok=True)
    controller = Controller(Sink(directory), hostname="127.0.0.1", port=port)
    controller.start()
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
