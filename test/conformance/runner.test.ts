/** The conformance runner's pure parts: case data, comparison tokens, the explained table, verdicts. */
import test from "ava";
import { parseCaseFile } from "../../conformance/case-data";
import { compareAnswers, compareStore, normalizeJson, sameBody } from "../../conformance/compare";
import type { Answer } from "../../conformance/exchange";
import { explainers, parseExplanations } from "../../conformance/explained";
import { judge, passed, summaryLine, type Summary } from "../../conformance/runner";
import { listensOn } from "../../conformance/targets";
import * as net from "net";
import { spawn } from "child_process";

const json = "application/json";
const answer = (status: number, body: string, headers: Record<string, string> = { "content-type": json }) =>
  ({ status, body, headers }) as Answer;

test("a step's body is the named rule with its dotted-path edits; a null header removes Content-Type", (t) => {
  const [c] = parseCaseFile(
    JSON.stringify({
      rules: { r: { serviceArguments: { port: 80, name: "x" }, endpoints: [{ weight: 1 }] } },
      cases: [
        {
          id: "a",
          title: "a",
          steps: [
            {
              method: "POST",
              path: "/p",
              rule: "r",
              set: { "serviceArguments.port": 81, "endpoints.0.weight": 2 },
              unset: ["serviceArguments.name"],
              headers: { "Content-Type": null },
            },
          ],
        },
      ],
    }),
    "f.json",
  );
  t.deepEqual(c?.steps[0], {
    method: "POST",
    path: "/p",
    body: '{"serviceArguments":{"port":81},"endpoints":[{"weight":2}]}',
    headers: {},
    compare: "exact",
  });
  t.deepEqual(c?.modes, ["legacy", "current"]);
});

test("a case file that does not fit the contract names the file and the path", (t) => {
  t.throws(() => parseCaseFile('{"cases":[{"id":"a","steps":[]}]}', "bad.json"), {
    message: /bad\.json: .*title/,
  });
  t.throws(
    () =>
      parseCaseFile(
        '{"cases":[{"id":"a","title":"a","steps":[{"method":"GET","path":"/","rule":"x"}]}]}',
        "f",
      ),
    { message: /unknown rule "x"/ },
  );
});

test("bodies compare as JSON: key order does not count, the trailing newline does, rule lists are sorted", (t) => {
  t.true(sameBody('{"a":1,"b":2}\n', '{"b":2,"a":1}\n'));
  t.false(sameBody('{"a":1}\n', '{"a":1}'));
  t.false(sameBody('{"a":1}', '{"a":2}'));
  t.true(sameBody("not json", "not json"));
  const two = (x: string, y: string) =>
    `{"lbAttr":[{"serviceArguments":{"externalIP":"${x}"}},{"serviceArguments":{"externalIP":"${y}"}}]}`;
  t.true(sameBody(two("192.0.2.1", "192.0.2.2"), two("192.0.2.2", "192.0.2.1")));
  t.deepEqual(normalizeJson({ Attr: [{ name: "b", currState: "nok" }, { name: "a" }] }, ["currState"]), {
    Attr: [{ name: "a" }, { name: "b" }],
  });
});

test("each kind of difference has its token, and compare levels limit what is compared", (t) => {
  const peer = answer(200, '{"result":"Success"}\n');
  t.deepEqual(compareAnswers(1, "exact", peer, peer), []);
  const tokens = (p: Answer, e: Answer, level: "exact" | "status" | "none" = "exact") =>
    compareAnswers(3, level, p, e).map((d) => d.token);
  t.deepEqual(tokens(peer, answer(409, '{"result":"x"}\n')), ["3.status", "3.body"]);
  t.deepEqual(tokens(peer, answer(200, '{"result":"Success"}\n', {})), ["3.headers"]);
  t.deepEqual(tokens(peer, answer(409, "x"), "status"), ["3.status"]);
  t.deepEqual(tokens(peer, answer(409, "x"), "none"), []);
  t.deepEqual(tokens(answer(0, "<no response>", {}), answer(422, "{}")), ["3.status"]);
  t.deepEqual(
    compareStore("rules", peer, answer(200, '{"result":"Other"}\n')).map((d) => d.token),
    ["rules"],
  );
});

test("in the current mode, only a v0.9.8 200 error answered as the same result with a status is error-mapping", (t) => {
  const peer = answer(200, '{"result":"lbrule-exists error"}\n');
  const mapped = answer(
    409,
    '{"code":409,"fields":null,"message":"conflict","result":"lbrule-exists error"}\n',
  );
  const other = answer(409, '{"code":409,"fields":null,"message":"conflict","result":"no-rule error"}\n');
  const token = (e: Answer, mode: "legacy" | "current") =>
    compareAnswers(2, "exact", peer, e, { mode }).map((d) => d.token);
  t.deepEqual(token(mapped, "current"), ["2.error-mapping"]);
  t.deepEqual(token(mapped, "legacy"), ["2.status", "2.body"]);
  t.deepEqual(token(other, "current"), ["2.status", "2.body"], "a different error is not a mapping");
});

const TABLE = `
<!-- conformance:explained -->
| Cases | Mode | Differs in | Class | Why |
|---|---|---|---|---|
| \`*\` | current | \`*.error-mapping\` | version | mapping |
| \`validation/x\` | both | \`1.status\`, \`rules\` | version | enum |
<!-- /conformance:explained -->
`;

test("the explained table is read from its markers; globs match cases and tokens", (t) => {
  const rows = parseExplanations(TABLE);
  t.deepEqual(rows[1], {
    cases: "validation/x",
    mode: "both",
    tokens: ["1.status", "rules"],
    class: "version",
    reason: "enum",
  });
  t.deepEqual(explainers(rows, "any/case", "current", "4.error-mapping"), [0]);
  t.deepEqual(explainers(rows, "any/case", "legacy", "4.error-mapping"), []);
  t.deepEqual(explainers(rows, "validation/x", "legacy", "rules"), [1]);
  t.deepEqual(explainers(rows, "validation/xy", "legacy", "rules"), []);
  t.throws(() => parseExplanations("no table"), { message: /conformance:explained/ });
  t.throws(() => parseExplanations(TABLE.replace("| version | enum", "| because | enum")), {
    message: /bad explained row/,
  });
});

test("verdicts: same without differences, explained when every token has a row, different otherwise; stale rows fail", (t) => {
  const rows = parseExplanations(TABLE);
  const used = new Set<number>();
  const d = (token: string) => ({ token, peer: "p", emulator: "e" });
  t.is(judge("a", "legacy", [], rows, used).verdict, "same");
  t.is(judge("validation/x", "legacy", [d("1.status")], rows, used).verdict, "explained");
  const bad = judge("validation/x", "legacy", [d("1.status"), d("2.body")], rows, used);
  t.is(bad.verdict, "different");
  t.deepEqual(
    bad.unexplained.map((x) => x.token),
    ["2.body"],
  );
  t.deepEqual([...used], [1]);
  const summary: Summary = {
    outcomes: [],
    cases: 3,
    same: 1,
    different: 2,
    explained: 1,
    staleRows: [rows[0]!],
  };
  t.is(summaryLine(summary), "3 cases, 1 same, 2 different, 1 explained");
  t.false(passed(summary), "a row that explains nothing fails the run");
  t.true(passed({ ...summary, staleRows: [] }));
  t.false(passed({ ...summary, staleRows: [], outcomes: [bad] }));
});

test("listensOn tells which process holds a listening port (a peer whose port another process took is not ours)", async (t) => {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  t.teardown(() => server.close());
  const port = (server.address() as net.AddressInfo).port;
  const child = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
  t.teardown(() => child.kill("SIGKILL"));
  t.true(listensOn(process.pid, port));
  t.false(listensOn(child.pid ?? -1, port));
  t.false(listensOn(process.pid, port === 65535 ? 1 : port + 1));
});
