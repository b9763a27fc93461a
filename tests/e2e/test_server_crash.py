"""Acknowledged clicks survive kill -9: a client clicks one link again and again over keep-alive
and keeps every click id it receives in a 302; the server is killed with SIGKILL at a random
moment, three times, and restarted on the same store; once restarted (which folds the click log
into the store before listening) the store holds every acknowledged click (at least as many
clicks as 302s received, and each received id)."""
import http.client
import random
import signal
import sqlite3
import subprocess
import threading
import time
from urllib.parse import parse_qs, urlsplit

from server import CLOUT, Checks, Server

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36"
t = Checks()
rng = random.Random()
seed = rng.randrange(1 << 30)
rng.seed(seed)
print("seed %d" % seed)


class Clicker(threading.Thread):
    """Clicks sequentially on one keep-alive connection until it breaks."""

    def __init__(self, port):
        super().__init__(daemon=True)
        self.port = port
        self.ids = []
        self.started_clicking = threading.Event()

    def run(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            while True:
                conn.request("GET", "/r/crash", headers={"User-Agent": BROWSER})
                r = conn.getresponse()
                r.read()
                if r.status != 302:
                    break
                self.ids.append(int(parse_qs(urlsplit(r.getheader("Location")).query)["clout_click"][0]))
                self.started_clicking.set()
        except (OSError, http.client.HTTPException):
            pass  # the server died under us: every id kept so far was acknowledged
        finally:
            self.started_clicking.set()
            conn.close()


first = Server()
db, scratch = first.db, first.scratch
r = subprocess.run([CLOUT, "link", "create", "--db", db, "--url", "https://shop.example.com/p", "--code", "crash"],
                   capture_output=True, text=True)
t.eq(r.returncode, 0, "link create (%s)" % r.stderr)
acknowledged = []
srv = first
try:
    for round_ in range(3):
        clicker = Clicker(srv.port)
        clicker.start()
        clicker.started_clicking.wait(60)
        time.sleep(rng.uniform(0.05, 0.6))  # a random moment to die at; no result depends on it
        srv.proc.send_signal(signal.SIGKILL)
        srv.proc.wait(timeout=60)
        clicker.join(timeout=60)
        t.ok(len(clicker.ids) > 0, "round %d: clicks were acknowledged before the kill" % round_)
        acknowledged += clicker.ids
        srv.log.close()
        # the restart folds what the click log holds into the store before it listens
        srv = Server(db=db, scratch=scratch)
        con = sqlite3.connect(db)
        stored = {row[0] for row in con.execute("SELECT id FROM track_click")}
        con.close()
        missing = [i for i in acknowledged if i not in stored]
        t.eq(missing, [], "round %d: acknowledged click ids missing from the store" % round_)
        t.ok(len(stored) >= len(acknowledged),
             "round %d: %d clicks stored, %d 302s received" % (round_, len(stored), len(acknowledged)))
    status, _, body = srv.request("GET", "/api/v1/links/crash/stats")
    t.eq(status, 200, "stats after the restarts")
    import json
    t.ok(json.loads(body)["clicks"] >= len(acknowledged), "stats count every acknowledged click")
    t.eq(srv.stop(), 0, "the last server exits 0 on SIGTERM")
finally:
    srv.cleanup()
print("%d clicks acknowledged over 3 kills" % len(acknowledged))
t.finish()
