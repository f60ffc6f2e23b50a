"""Benchmark: the server's replay of 200 pushed progress talks, in this process, with every SQL
statement counted. A script, not a test.

Uses the demo database that ``bench_sync.py --keep DIR`` built (the same ``--pupils`` and
``--years``), opens it as the server does (``sync.server.open_server_database``), signs in the
demo ``contactpersoon`` and replays 200 ``gesprek.vastleggen`` commands (fresh uuids, ids from a
block handed out to her) through ``sync.replay.replay_all``, one batch, as a push does; then
the delta pull that the same round asks for (``sync.pull.pull`` from the cursor before the
push). Prints per run the wall time, this process's CPU time, and the statements sent to
PostgreSQL per talk, grouped by their first words; ``--repeat`` runs (each adds 200 talks to the
demo, as ``bench_sync`` does).

    .venv/bin/python bench/bench_replay.py --keep bench/pg-sync [--pupils 50000] [--years 10]
        [--repeat 3] [--talks 200]
"""

from __future__ import annotations

import argparse
import collections
import os
import re
import statistics
import sys
import time
import uuid
from datetime import UTC
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy import func
from sqlalchemy import select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
os.environ.setdefault("SWV_KDF", "test")
from benchlib import own_awards  # noqa: E402
from pg_cluster import PgCluster  # noqa: E402

from swv_desktop.models import Beoordeling  # noqa: E402
from swv_desktop.models import Gebruiker  # noqa: E402
from swv_desktop.models import SyncWijziging  # noqa: E402
from swv_desktop.schema import SCHEMA_HEAD  # noqa: E402
from swv_desktop.services import commands  # noqa: E402
from swv_desktop.services import voortgang  # noqa: E402
from swv_desktop.services.auth import actor_for  # noqa: E402
from swv_desktop.sync import bereik  # noqa: E402
from swv_desktop.sync import pull  # noqa: E402
from swv_desktop.sync import replay  # noqa: E402
from swv_desktop.sync import serverdb  # noqa: E402
from swv_desktop.sync import stroom  # noqa: E402
from swv_desktop.sync.server import open_server_database  # noqa: E402


class Counter:
    """Every statement the engine sends, by its first words (literals and numbers dropped)."""

    def __init__(self) -> None:
        self.kinds: collections.Counter[str] = collections.Counter()
        self.on = False

    def __call__(self, _conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        if self.on:
            self.kinds[_kind(statement)] += 1

    @property
    def total(self) -> int:
        return sum(self.kinds.values())


def _kind(statement: str) -> str:
    words = re.sub(r"\s+", " ", statement).strip()
    words = re.sub(r"sa_savepoint_\d+", "sp", words)
    head = words[:70]
    if words.upper().startswith("SELECT"):
        found = re.search(r" FROM (\w+)", words)
        head = f"SELECT ... FROM {found.group(1) if found else '?'}"
        if "FOR UPDATE" in words:
            head += " FOR UPDATE"
    elif words.upper().startswith("INSERT"):
        head = " ".join(words.split()[:3])
    return head


def _load() -> str:
    one, five, _fifteen = os.getloadavg()
    return f"load average {one:.1f} / {five:.1f}"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pupils", type=int, default=50_000)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--keep", type=Path, required=True, help="de map van bench_sync --keep")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--talks", type=int, default=200)
    args = parser.parse_args()
    cluster = PgCluster(keep=args.keep / "server").start()
    try:
        url = cluster.url(f"bench_sync_{args.pupils}_{args.years}")
        db = open_server_database(url.render_as_string(hide_password=False))
        counter = Counter()
        event.listen(db.engine, "before_cursor_execute", counter)
        with db.read() as s:
            user = s.scalars(select(Gebruiker).where(Gebruiker.gebruikersnaam == "contactpersoon"))
            actor = actor_for(user.one())
            awards = own_awards(s, actor)
        spec = commands.get("gesprek.vastleggen")
        today = datetime.now(UTC).date()
        walls, cpus, per_talk, pulls = [], [], [], []
        for run in range(args.repeat):
            first, _last = serverdb.hand_out_blocks(db, actor, ["voortgangsgesprek"])[
                "voortgangsgesprek"
            ]
            envelopes = []
            for n in range(args.talks):
                data = voortgang.VoortgangInput(today, "mentor", f"Replay {n}", Beoordeling.GOED)
                arguments = {"aanvraag_id": awards[n % len(awards)], "data": data}
                envelopes.append(
                    {
                        "uuid": str(uuid.uuid4()),
                        "naam": spec.name,
                        "gegevens": spec.encode(arguments),
                        "ids": {"voortgangsgesprek": [first + n]},
                        "schema": SCHEMA_HEAD,
                        "klok": datetime.now(UTC).isoformat(),
                    }
                )
            with db.read() as s:
                cursor = int(s.scalar(select(func.max(SyncWijziging.nummer))) or 0)
                key = bereik.scope_key(s, actor)
            counter.kinds.clear()
            counter.on = True
            cpu, wall = time.process_time(), time.perf_counter()
            answers = replay.replay_all(db, actor, envelopes)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            counter.on = False
            accepted = sum(1 for a in answers if a["geaccepteerd"])
            kinds = dict(counter.kinds)
            walls.append(wall)
            cpus.append(cpu)
            per_talk.append(counter.total / args.talks)
            print(
                f"ronde {run + 1} ({_load()}): {accepted} van {args.talks} verwerkt in "
                f"{wall:.2f} s (CPU {cpu:.2f} s), {counter.total} statements = "
                f"{counter.total / args.talks:.2f} per gesprek",
                flush=True,
            )
            if run == 0:
                for kind, n in sorted(kinds.items(), key=lambda kv: -kv[1]):
                    print(f"    {n:6d}  {kind}")
            counter.kinds.clear()
            counter.on = True
            cpu, wall = time.process_time(), time.perf_counter()
            chunks = pull.parts(db, actor, cursor, key)
            lines = (one for chunk in chunks for one in chunk.splitlines(keepends=True))
            streamed = stroom.read(lines)
            rows = sum(p.count for p in streamed if isinstance(p, stroom.Rows))
            chunks.close()  # its read session ends here, not when the cluster is gone
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            counter.on = False
            pulls.append(wall)
            print(
                f"  pull daarna: {rows} rijen in {wall:.2f} s (CPU {cpu:.2f} s), "
                f"{counter.total} statements",
                flush=True,
            )
        print(
            f"mediaan replay: {statistics.median(walls):.2f} s, CPU {statistics.median(cpus):.2f} s, "
            f"{statistics.median(per_talk):.2f} statements per gesprek; "
            f"pull {statistics.median(pulls):.2f} s"
        )
        print(f"belasting na afloop: {_load()}")
        db.close()
    finally:
        cluster.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
