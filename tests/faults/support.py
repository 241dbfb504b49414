"""Test-only helpers loaded by the faults suite's server processes (never by the site)."""

import os
import time


class FileSMSBackend:
    """Append every SMS to the file HAAT_FAULTS_SMS_LOG, which the test reads.

    ``start <phone>`` is written before the send and ``sent <phone> <subject>`` after it,
    HAAT_FAULTS_SMS_DELAY seconds later: a test that kills a worker between the two
    knows that message was not sent. Lines are short single writes to a file opened for
    appending, so processes writing at once do not mix them.
    """

    def send(self, phone: str, text: str) -> None:
        path = os.environ["HAAT_FAULTS_SMS_LOG"]
        subject = text.splitlines()[0] if text else ""
        with open(path, "a", encoding="utf-8") as log:
            log.write(f"start {phone}\n")
        time.sleep(float(os.environ.get("HAAT_FAULTS_SMS_DELAY", "0")))
        with open(path, "a", encoding="utf-8") as log:
            log.write(f"sent {phone} {subject}\n")
