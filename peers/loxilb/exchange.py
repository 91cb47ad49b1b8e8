#!/usr/bin/env python3
"""Send one fixed sequence of loxilb REST requests and record the exchanges.

  exchange.py run BASE_URL OUT.jsonl     # BASE_URL like http://127.0.0.1:18111
  exchange.py show OUT.jsonl             # markdown transcript
  exchange.py diff A.jsonl B.jsonl       # steps whose status or body differ
  exchange.py probes BASE_URL OUT.jsonl [--master]
                                         # monitor/probe experiment (needs the
                                         # HTTP server described in probes())

Used to compare loxilb-peer (loxilb's own REST server and rule manager) with
the TypeScript emulator. Every endpoint address in the sequence is in
127.0.0.0/8, and no rule has monitor/probes on, so nothing is ever sent
outside this machine. VIPs (192.0.2.x) are only values stored in rules.
"""
import http.client
import json
import sys
import urllib.parse

P = "/netlox/v1"
LB = P + "/config/loadbalancer"


def ep(ip, port=8080, weight=1):
    return {"endpointIP": ip, "targetPort": port, "weight": weight}


def rule(eps, **sa):
    args = {"externalIP": "192.0.2.10", "port": 80, "protocol": "tcp", "name": "web"}
    args.update(sa)
    return {"serviceArguments": args, "endpoints": eps}


E3 = [ep("127.0.0.11"), ep("127.0.0.12"), ep("127.0.0.13")]
E2 = [ep("127.0.0.11"), ep("127.0.0.13")]

# (id, method, path, body, extra headers). body: dict -> JSON, str -> raw, None -> no body
STEPS = [
    ("S01", "GET", LB + "/all", None, {}),
    ("S02", "POST", LB, rule(E3), {}),
    ("S03", "GET", LB + "/all", None, {}),
    ("S04", "POST", LB, rule(E2), {}),  # 127.0.0.12 dropped -> tombstone
    ("S05", "GET", LB + "/all", None, {}),
    ("S06", "POST", LB, rule(E2), {}),  # unchanged -> lbrule-exists
    ("S07", "POST", LB, rule(E3), {}),  # 127.0.0.12 back -> revived in place
    ("S08", "GET", LB + "/all", None, {}),
    ("S09", "POST", LB, rule(E3), {}),  # unchanged -> lbrule-exists
    ("S10", "POST", LB, rule([ep("127.0.0.14", 5000)], port=5000, portMax=5010,
                             protocol="udp", name="range"), {}),
    ("S11", "POST", LB, rule([ep("127.0.0.15", 0)], port=0, protocol="icmp",
                             externalIP="192.0.2.11", name="ping"), {}),
    ("S12", "POST", LB, rule([ep("127.0.0.16", 443, 2), ep("127.0.0.9", 443, 1)],
                             port=443, sel=1, mode=2, inactiveTimeOut=600, bgp=False,
                             managed=True, externalIP="192.0.2.12", name="full"), {}),
    ("S13", "GET", LB + "/all", None, {}),
    ("S14", "GET", P + "/config/endpoint/all", None, {}),
    ("S15", "DELETE", LB + "/externalipaddress/192.0.2.10/port/80/protocol/tcp", None, {}),
    ("S16", "DELETE", LB + "/externalipaddress/192.0.2.10/port/80/protocol/tcp", None, {}),
    ("S17", "DELETE", LB + "/externalipaddress/192.0.2.10/port/5000/portmax/5010/protocol/udp", None, {}),
    ("S18", "DELETE", LB + "/name/ping", None, {}),
    ("S19", "DELETE", LB + "/name/no-such-rule", None, {}),
    ("S20", "DELETE", LB + "/all", None, {}),
    ("S21", "GET", LB + "/all", None, {}),
    # errors
    ("E01", "POST", LB, rule([]), {}),
    ("E02", "POST", LB, rule(E2, protocol="bogus"), {}),
    ("E03", "POST", LB, rule(E2, protocol="TCP"), {}),
    ("E04", "POST", LB, rule(E2, protocol=""), {}),
    ("E05", "POST", LB, {"serviceArguments": rule([])["serviceArguments"]}, {}),
    ("E06", "POST", LB, {"endpoints": E2}, {}),
    ("E07", "POST", LB, '{"serviceArguments": {', {}),
    ("E08", "POST", LB, rule(E2, port="80"), {}),
    ("E09", "POST", LB, rule(E2, probetype="http", probeport=80), {}),
    ("E10", "POST", LB, rule(E2, inactiveTimeOut=90000), {}),
    ("E11", "POST", LB, rule(E2, portMax=70), {}),
    ("E12", "POST", LB, rule(E2, mode=3, sel=0), {}),
    ("E13", "POST", LB, rule(E2, protocol="icmp"), {}),
    ("E14", "POST", LB, rule(E2, externalIP="not-an-ip"), {}),
    ("E15", "POST", LB, rule(E2, sel=9), {}),
    ("E16", "POST", LB, rule(E2, probeport=80), {}),
    ("E17", "POST", LB, rule([ep("not-an-ip")]), {}),
    ("E18", "POST", LB, rule(E2, probeport=70000, probetype="tcp"), {}),
    ("E19", "POST", LB, rule(E2, port=1.5), {}),
    ("E20", "POST", LB, "", {}),
    ("E21", "GET", LB + "/xyz", None, {}),
    ("E22", "PUT", LB, rule(E2), {}),
    ("E23", "POST", LB, {"ServiceArguments": {"ExternalIP": "192.0.2.10", "PORT": 80, "Protocol": "udp",
                                              "Monitor": False, "unknownKey": 1},
                         "Endpoints": [ep("127.0.0.11", 65616, 300)]}, {}),
    ("E24", "GET", LB + "/all", None, {}),
    ("E25", "DELETE", LB + "/all", None, {}),
    ("E26", "POST", LB, json.dumps(rule(E2)), {"Content-Type": "text/plain"}),
    ("E27", "DELETE", LB + "/all", None, {}),
    ("E28", "DELETE", LB + "/externalipaddress/192.0.2.10/port/0x50/protocol/tcp", None, {}),
    ("E29", "DELETE", LB + "/externalipaddress/192.0.2.10/port/80/protocol/tcp?block=7", None, {}),
    ("E30", "POST", LB, '{bad}', {}),
    ("E31", "POST", LB, '[]', {}),
    ("E32", "POST", LB, rule([ep("127.0.0.%d" % i) for i in range(1, 34)]), {}),
    ("E33", "POST", LB, rule(E2, externalIP="192.0.2.010"), {}),
    ("E34", "POST", LB, rule(E2) | {"secondaryIPs": [{"secondaryIP": "192.0.2.99"}]}, {}),
    ("E35", "POST", LB, rule(E2, oper=2), {}),
    ("E36", "POST", LB, rule(E2, privateIP="bogus"), {}),
    ("E37", "POST", LB, rule(E2) | {"allowedSources": [{"prefix": "192.0.2.7"}]}, {}),
    # reconcile details
    ("R01", "POST", LB, rule([ep("127.0.0.13"), ep("127.0.0.11")]), {}),
    ("R02", "POST", LB, rule([ep("127.0.0.13"), ep("127.0.0.11"), ep("127.0.0.2")]), {}),  # append
    ("R03", "GET", LB + "/all", None, {}),
    ("R04", "POST", LB, rule([ep("127.0.0.13", weight=5), ep("127.0.0.11"), ep("127.0.0.2")]), {}),  # weight only
    ("R05", "POST", LB, rule([ep("127.0.0.13"), ep("127.0.0.11"), ep("127.0.0.2")], inactiveTimeOut=999,
                             name="renamed", bgp=True, managed=True, monitor=False), {}),  # uncompared fields
    ("R06", "POST", LB, rule([ep("127.0.0.13"), ep("127.0.0.11"), ep("127.0.0.2")], mode=1), {}),  # mode change
    ("R07", "GET", LB + "/all", None, {}),
    ("R08", "POST", LB, rule([ep("127.0.0.3")], oper=1, mode=1), {}),  # attach
    ("R09", "POST", LB, rule([ep("127.0.0.11")], oper=2, mode=1), {}),  # detach
    ("R10", "GET", LB + "/all", None, {}),
    ("R11", "POST", LB, rule([ep("127.0.0.13"), ep("127.0.0.2"), ep("127.0.0.3")], oper=2, mode=1), {}),  # detach all
    ("R12", "GET", LB + "/all", None, {}),
    ("R13", "POST", LB, rule(E2, block=1), {}),
    ("R14", "POST", LB, rule(E2, host="app.example"), {}),
    ("R15", "POST", LB, rule(E2), {}),
    ("R16", "POST", LB, rule([ep("127.0.0.31", 9000)], protocol="sctp", port=9000, externalIP="192.0.2.30")
     | {"secondaryIPs": [{"secondaryIP": "192.0.2.32"}, {"secondaryIP": "192.0.2.31"}],
        "allowedSources": [{"prefix": "10.1.0.0/16"}, {"prefix": "192.0.2.7/32"}]}, {}),
    ("R17", "POST", LB, rule([ep("::ffff:127.0.0.1", 80)], externalIP="2001:DB8::0010", privateIP="10.0.0.1"), {}),
    ("R18", "GET", LB + "/all", None, {}),
    ("R19", "DELETE", LB + "/externalipaddress/192.0.2.10/port/80/protocol/tcp?block=1", None, {}),
    ("R20", "DELETE", LB + "/hosturl/app.example/externalipaddress/192.0.2.10/port/80/protocol/tcp", None, {}),
    ("R21", "DELETE", LB + "/hosturl/any/externalipaddress/192.0.2.10/port/80/protocol/tcp", None, {}),
    ("R22", "POST", LB, rule([ep("127.0.0.31", 9000)], protocol="sctp", port=9000, externalIP="192.0.2.30")
     | {"secondaryIPs": [{"secondaryIP": "192.0.2.31"}],
        "allowedSources": [{"prefix": "10.1.0.0/16"}, {"prefix": "192.0.2.7/32"}]}, {}),  # secIP change
    ("R23", "POST", LB, rule([ep("127.0.0.31", 9000)], protocol="sctp", port=9000, externalIP="192.0.2.30")
     | {"secondaryIPs": [{"secondaryIP": "192.0.2.31"}, {"secondaryIP": "192.0.2.32"}],
        "allowedSources": [{"prefix": "10.2.0.0/16"}, {"prefix": "192.0.2.7/32"}]}, {}),  # allowedSources change
    ("R24", "GET", LB + "/all", None, {}),
    ("R25", "DELETE", LB + "/all", None, {}),
    # misc
    ("M01", "GET", P + "/version", None, {}),
    ("M02", "GET", P + "/config/cistate/all", None, {}),
    ("M03", "GET", P, None, {}),
    ("M04", "OPTIONS", LB, None, {}),
    ("M05", "GET", P + "/config/endpoint/all", None, {}),
    ("M06", "GET", P + "/metrics", None, {}),
]


def send(base, method, path, body, extra):
    u = urllib.parse.urlsplit(base)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
    headers = {"Accept": "application/json"}
    data = None
    if body is not None:
        data = (body if isinstance(body, str) else json.dumps(body)).encode()
        headers["Content-Type"] = "application/json"
    headers.update(extra)
    conn.request(method, path, body=data, headers=headers)
    try:
        r = conn.getresponse()
    except (http.client.RemoteDisconnected, ConnectionResetError) as e:
        conn.close()
        return 0, {}, f"<no response: {type(e).__name__}>"
    raw = r.read().decode("utf-8", "replace")
    keep = {k: r.getheader(k) for k in ("Content-Type", "Allow") if r.getheader(k) is not None}
    conn.close()
    return r.status, keep, raw


def run(base, out):
    with open(out, "w") as f:
        for sid, method, path, body, extra in STEPS:
            req = body if (body is None or isinstance(body, str)) else json.dumps(body)
            status, headers, raw = send(base, method, path, body, extra)
            f.write(json.dumps({"step": sid, "method": method, "path": path,
                                "request": req, "reqHeaders": extra, "status": status,
                                "headers": headers, "body": raw}) + "\n")


def probes(base, out, master=False):
    """Health-probe experiment. Expects `python3 -m http.server 18081 --bind
    127.0.0.21` to be running (HEAD / -> 200, HEAD /missing -> 404) and nothing
    listening on 127.0.0.22:18082. Every probe loxilb sends goes to those two
    loopback addresses."""
    import time
    t0 = time.time()
    f = open(out, "w")

    def step(sid, method, path, body=None):
        status, headers, raw = send(base, method, path, body, {})
        rec = {"step": sid, "t": round(time.time() - t0, 1), "method": method, "path": path,
               "request": None if body is None else json.dumps(body), "reqHeaders": {},
               "status": status, "headers": headers, "body": raw}
        f.write(json.dumps(rec) + "\n")
        f.flush()
        return raw

    def states():
        lb = json.loads(send(base, "GET", LB + "/all", None, {})[2])
        eps = json.loads(send(base, "GET", P + "/config/endpoint/all", None, {})[2])
        r = {}
        for rl in lb.get("lbAttr") or []:
            for e in rl.get("endpoints") or []:
                r["rule:" + e["endpointIP"]] = e.get("state")
        for h in eps.get("Attr") or []:
            r["host:" + h["name"]] = h.get("currState")
        return r

    def watch(sid, seconds):
        """Poll once a second; record every change of endpoint state."""
        last = None
        end = time.time() + seconds
        while time.time() < end:
            cur = states()
            if cur != last:
                f.write(json.dumps({"step": sid, "t": round(time.time() - t0, 1), "states": cur}) + "\n")
                f.flush()
                last = cur
            time.sleep(1)

    eps = [ep("127.0.0.21", 18081), ep("127.0.0.22", 18082)]
    mon = rule(eps, externalIP="192.0.2.20", name="mon", monitor=True, probeTimeout=5, probeRetries=3)
    if master:
        # In HA state MASTER loxinet keeps no "llb-rule-<VIP>" interface
        # address, so TCP probes are not bound to the VIP as source address.
        step("P00", "POST", P + "/config/cistate",
             {"instance": "llb-inst0", "state": "MASTER", "vip": "0.0.0.0"})
    step("P01", "POST", LB, mon)
    step("P02", "GET", LB + "/all")
    step("P03", "GET", P + "/config/endpoint/all")
    watch("P04", 35)
    step("P05", "GET", LB + "/all")
    step("P06", "GET", P + "/config/endpoint/all")
    # (a) re-POST with only probe timing changed
    step("P07", "POST", LB, rule(eps, externalIP="192.0.2.20", name="mon", monitor=True,
                                 probeTimeout=7, probeRetries=4))
    step("P08", "GET", P + "/config/endpoint/all")
    # (b) an HTTP probe on a host of its own (key <ip>_http_<port>)
    step("P09", "POST", P + "/config/endpoint",
         {"hostName": "127.0.0.22", "probeType": "http", "probePort": 18081,
          "probeReq": "", "probeDuration": 5, "inactiveReTries": 1})
    watch("P10", 25)
    # (b) an HTTP probe put on the rule's own endpoint host (key <ip>_tcp_<port>)
    step("P11", "POST", P + "/config/endpoint",
         {"hostName": "127.0.0.21", "name": "127.0.0.21_tcp_18081", "probeType": "http",
          "probePort": 18081, "probeReq": "missing", "probeDuration": 5, "inactiveReTries": 1})
    step("P12", "GET", P + "/config/endpoint/all")
    watch("P13", 35)
    step("P14", "GET", LB + "/all")
    step("P15", "POST", P + "/config/endpoint",
         {"hostName": "127.0.0.21", "name": "127.0.0.21_tcp_18081", "probeType": "http",
          "probePort": 18081, "probeReq": "", "probeDuration": 5, "inactiveReTries": 1})
    watch("P16", 35)
    step("P17", "GET", LB + "/all")
    step("P18", "DELETE", P + "/config/endpoint/epipaddress/127.0.0.21?name=127.0.0.21_tcp_18081")
    step("P19", "DELETE", P + "/config/endpoint/epipaddress/127.0.0.22?probe_type=http&probe_port=18081")
    step("P20", "DELETE", LB + "/all")
    step("P21", "GET", P + "/config/endpoint/all")
    f.close()


def load(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def norm(body):
    """Parse JSON; sort lbAttr (loxilb lists rules in map order); keep raw text otherwise."""
    try:
        v = json.loads(body)
    except ValueError:
        return body
    if isinstance(v, dict) and isinstance(v.get("lbAttr"), list):
        v["lbAttr"].sort(key=lambda r: json.dumps(r.get("serviceArguments"), sort_keys=True))
    return v


def show(path):
    for x in load(path):
        if "states" in x:
            print(f"**{x['step']}** t={x['t']}s endpoint states: `{json.dumps(x['states'], sort_keys=True)}`")
            continue
        t = f" (t={x['t']}s)" if "t" in x else ""
        print(f"**{x['step']}**{t} `{x['method']} {x['path']}`" +
              (f" headers {x['reqHeaders']}" if x["reqHeaders"] else ""))
        if x["request"] is not None:
            print(f"```\n> {x['request']}\n```")
        nl = "  [body ends with a newline]" if x["body"].endswith("\n") else ""
        body = x["body"].rstrip("\n")
        print(f"```\n< {x['status']} {x['headers']}\n< {body}{nl}\n```")


def diff(a, b):
    for x, y in zip(load(a), load(b)):
        same_status = x["status"] == y["status"]
        same_body = norm(x["body"]) == norm(y["body"])
        same_nl = x["body"].endswith("\n") == y["body"].endswith("\n")
        same_ct = x["headers"].get("Content-Type") == y["headers"].get("Content-Type")
        if same_status and same_body and same_nl and same_ct:
            if x["body"] != y["body"]:
                print(f"### {x['step']} {x['method']} {x['path']}: same JSON, different bytes (key or rule order)")
                print(f"- A: `{x['body'].rstrip(chr(10))}`")
                print(f"- B: `{y['body'].rstrip(chr(10))}`")
                print()
            continue
        print(f"### {x['step']} {x['method']} {x['path']}")
        if x["request"] is not None:
            print(f"request: `{x['request']}`")
        for tag, z in (("A", x), ("B", y)):
            print(f"- {tag}: {z['status']} {z['headers'].get('Content-Type', '')} `{z['body'].rstrip(chr(10))}`"
                  + (" (trailing \\n)" if z["body"].endswith("\n") else ""))
        print()


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "run":
        run(sys.argv[2], sys.argv[3])
    elif cmd == "show":
        show(sys.argv[2])
    elif cmd == "probes":
        probes(sys.argv[2], sys.argv[3], master="--master" in sys.argv[4:])
    elif cmd == "diff":
        diff(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)
