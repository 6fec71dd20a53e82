"""Command line of the local cloud.

python -m infra.localcloud run            start everything, stay in the foreground
python -m infra.localcloud schedules      list the template's scheduled rules
python -m infra.localcloud fire NAME [--at TIME]
                                          fire one scheduled rule now, or as if at TIME
                                          (on a running cloud)
python -m infra.localcloud invoke FUNCTION EVENT.json
                                          invoke a function with a sample event (running cloud)
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

from infra.localcloud import demo
from infra.localcloud.cloud import REGION, ROOT, STACK_NAME, LocalCloud
from infra.localcloud.emulator import emulator_client
from infra.localcloud.provision import physical_name
from infra.localcloud.schedules import scheduled_event
from infra.localcloud.template import load_template

DEFAULT_GATEWAY_PORT = 8000
DEFAULT_AWS_PORT = 8001


def _ports() -> tuple[int, int]:
    return (
        int(os.environ.get("HIREFLOW_PORT", DEFAULT_GATEWAY_PORT)),
        int(os.environ.get("HIREFLOW_AWS_PORT", DEFAULT_AWS_PORT)),
    )


def data_directory() -> Path:
    return Path(os.environ.get("HIREFLOW_DATA_DIR") or ROOT / ".hireflow").resolve()


STOP_GRACE_SECONDS = 3.0  # running handlers get this long; what is left runs again on start


def addresses(url: str, aws_endpoint: str) -> list[str]:
    """What start-up prints: where the product, the outbox and the API docs are."""
    return [
        f"  Product     {url}/",
        f"  Outbox      {url}/local/outbox",
        f"  Receiver    {url}/local/receiver  (webhooks and group-robot posts)",
        f"  API docs    {url}/api/docs",
        f"  API health  {url}/api/health",
        f"  AWS (moto)  {aws_endpoint}",
    ]


def run() -> int:
    gateway_port, aws_port = _ports()
    password = os.environ.get("HIREFLOW_DEMO_PASSWORD", demo.DEFAULT_PASSWORD)
    data_dir = data_directory()
    started = time.monotonic()
    print(f"hireflow local cloud: AWS emulator on 127.0.0.1:{aws_port}, gateway on {gateway_port}")
    cloud = LocalCloud(
        gateway_port=gateway_port,
        aws_port=aws_port,
        demo_password=password,
        data_dir=data_dir,
        analytics_demo=True,
        talent_demo=True,
    )
    try:
        cloud.start()
    except OSError as exc:
        print(f"cannot start: {exc}. Set HIREFLOW_PORT / HIREFLOW_AWS_PORT to free ports.")
        return 1
    if cloud.restored:
        taken = cloud.restored.taken.astimezone().strftime("%Y-%m-%d %H:%M:%S")
        print(f"\n  Restored from {data_dir} (saved {taken}):\n    {cloud.restored.summary()}")
    else:
        demo.ask_demographics()
        print(f"\n  New data in {data_dir} (make reset wipes it)")
    print("\n" + "\n".join(addresses(cloud.url, cloud.aws_endpoint)))
    print(f"\n  Demo accounts (password {password}):")
    for account in demo.ACCOUNTS:
        print(f"    {account.username:<22} {account.role.value:<15} {account.branch_id}")
    print(f"\nReady in {time.monotonic() - started:.1f} s. Ctrl-C stops.", flush=True)
    stop = threading.Event()
    for signal_number in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signal_number, lambda *_: stop.set())
    while not stop.wait(1.0):
        pass
    print("stopping: saving the state", flush=True)
    code = 0
    try:
        finished = cloud.stop(grace_seconds=STOP_GRACE_SECONDS)
        print("stopped" + ("" if finished else " (unfinished work runs again on the next start)"))
    except Exception:
        logging.getLogger("hireflow.localcloud").exception("stopping failed")
        code = 1
    sys.stdout.flush()
    sys.stderr.flush()
    # Handlers still running native code (the speech model) would abort a normal exit.
    os._exit(code)


def schedules() -> list[dict[str, str]]:
    template = load_template(ROOT / "template.yaml")
    found = []
    for logical_id, resource in template["Resources"].items():
        if resource["Type"] != "AWS::Serverless::Function":
            continue
        for event_name, event in (resource["Properties"].get("Events") or {}).items():
            if event["Type"] in ("Schedule", "ScheduleV2"):
                props = event.get("Properties", {})
                found.append(
                    {
                        "name": f"{logical_id}.{event_name}",
                        "function": logical_id,
                        "expression": str(props.get("Schedule") or props.get("ScheduleExpression")),
                        "input": props.get("Input") or "",
                    }
                )
    return found


def _invoke(function_logical_id: str, payload: object) -> int:
    """Invoke a template function on the running local cloud, as Lambda's Invoke API."""
    _, aws_port = _ports()
    client = emulator_client(f"http://127.0.0.1:{aws_port}", "lambda", REGION)
    try:
        response = client.invoke(
            FunctionName=physical_name(STACK_NAME, function_logical_id),
            Payload=json.dumps(payload).encode(),
        )
    except Exception as exc:  # connection refused, unknown function
        print(f"cannot invoke {function_logical_id}: {exc}. Is 'make run' running?")
        return 2
    print(response["Payload"].read().decode())
    return 1 if response.get("FunctionError") else 0


def tick_payload(schedule: dict[str, str], at: str | None = None) -> dict[str, object]:
    """What EventBridge would deliver for a scheduled rule, fired now or as if at ``at``
    (ISO 8601, e.g. 2027-07-01T03:00:00Z): a rule with an Input gets ``"at"`` in it (the
    retention sweep runs for that time), a plain scheduled event gets it as its ``time``
    (the reminders judge that window). ValueError for a time that does not parse."""
    name = schedule["name"]
    payload = json.loads(schedule["input"]) if schedule["input"] else scheduled_event(name, REGION)
    if at:
        moment = datetime.fromisoformat(at.replace("Z", "+00:00"))
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        stamp = moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        payload = {**payload, ("time" if "detail-type" in payload else "at"): stamp}
    return payload


def fire(name: str, at: str | None = None) -> int:
    matches = [s for s in schedules() if s["name"] == name]
    if not matches:
        known = ", ".join(s["name"] for s in schedules()) or "none"
        print(f"no scheduled rule {name!r}; the template has: {known}")
        return 2
    try:
        payload = tick_payload(matches[0], at)
    except ValueError:
        print(f"AT must be an ISO 8601 time such as 2027-07-01T03:00:00Z, not {at!r}")
        return 2
    return _invoke(matches[0]["function"], payload)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m infra.localcloud",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command")
    commands.add_parser("run", help="start the local cloud")
    commands.add_parser("schedules", help="list scheduled rules")
    fire_parser = commands.add_parser("fire", help="fire a scheduled rule now")
    fire_parser.add_argument("name", help="<FunctionLogicalId>.<EventName>, see 'schedules'")
    fire_parser.add_argument("--at", help="fire as if at this time (ISO 8601, UTC)")
    invoke_parser = commands.add_parser("invoke", help="invoke a function with an event file")
    invoke_parser.add_argument("function", help="logical id in template.yaml, e.g. HrApiFunction")
    invoke_parser.add_argument("event", type=argparse.FileType("r", encoding="utf-8"))
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    if args.command == "schedules":
        for schedule in schedules():
            print(f"{schedule['name']:<40} {schedule['expression']}")
        return 0
    if args.command == "fire":
        return fire(args.name, args.at)
    if args.command == "invoke":
        return _invoke(args.function, json.load(args.event))
    return run()


if __name__ == "__main__":
    sys.exit(main())
