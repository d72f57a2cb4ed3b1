#!/usr/bin/env python3
"""Generates a national-scale synthetic batch for `make bench`, outside the repository:
a questionnaire of 150 questions, a GIAS-shaped register, and the same returns as one
wide CSV, one long CSV and one XML file per school. Deterministic for a given size."""
import os
import pathlib
import random
import sys

QUESTIONS = 150
STANDARDS = ["CP", "PW", "WO", "SG"]


def questionnaire():
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<questionnaire xmlns="urn:s175:questionnaire:1" id="bench" version="1" title="Synthetic benchmark questionnaire">',
             '  <rag green-from="85" amber-from="65"/>',
             '  <themes><theme id="t1" label="Theme one"/><theme id="t2" label="Theme two"/></themes>',
             '  <scales>',
             '    <scale id="met"><option code="met" label="Met" score="2"/><option code="partly" label="Partly" score="1"/>'
             '<option code="not-met" label="Not met" score="0"/><option code="n/a" label="N/A" not-applicable="true"/></scale>',
             '    <scale id="yesno"><option code="yes" label="Yes" score="1"/><option code="no" label="No" score="0"/></scale>',
             '  </scales>']
    kinds = []
    per_standard = QUESTIONS // len(STANDARDS)
    n = 0
    for s, std in enumerate(STANDARDS):
        lines.append(f'  <standard id="{std}" title="Standard {std}">')
        for e in range(5):
            lines.append(f'    <element id="{std}{e + 1}" title="Element {std}{e + 1}">')
            count = per_standard // 5 + (1 if e < (per_standard % 5) else 0)
            for q in range(count):
                qid = f"{std}{e + 1}.{q + 1}"
                critical = ' critical="true" mandatory="true"' if n % 10 == 0 else ""
                req = "<requirement>Synthetic statutory item.</requirement>" if critical else ""
                if n % 25 == 3:
                    lines.append(f'      <date-question id="{qid}" scale="met" weight="2"{critical} themes="t1"><text>Date {qid}.</text>{req}'
                                 '<band within-months="24" answer="met"/><otherwise answer="not-met"/></date-question>')
                    kinds.append((qid, "date"))
                elif n % 7 == 5:
                    lines.append(f'      <question id="{qid}" scale="yesno" weight="1"{critical} themes="t2"><text>Question {qid}.</text>{req}</question>')
                    kinds.append((qid, "yesno"))
                else:
                    lines.append(f'      <question id="{qid}" scale="met" weight="{1 + n % 3}"{critical} themes="t1 t2"><text>Question {qid}.</text>{req}</question>')
                    kinds.append((qid, "met"))
                n += 1
            lines.append('    </element>')
        lines.append('  </standard>')
    lines.append('</questionnaire>')
    return "\n".join(lines) + "\n", kinds


def answer(rng, kind, quality):
    if kind == "date":
        return f"{2024 + (rng.random() < quality)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    r = rng.random()
    if kind == "yesno":
        return "yes" if r < quality else "no"
    return "met" if r < quality else ("partly" if r < quality + 0.1 else ("n/a" if r > 0.995 else "not-met"))


def main():
    out = pathlib.Path(sys.argv[1])
    schools = int(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(25000)
    text, kinds = questionnaire()
    (out / "bench.xml").write_text(text)
    urns = [str(100000 + i * 3) for i in range(schools)]
    # About 170 schools per LA, as in England (150 LAs for 25,000 schools).
    authorities = max(1, min(150, schools // 170))
    with open(out / "register.csv", "w", encoding="utf-8", newline="") as f:
        f.write("URN,LA (code),LA (name),EstablishmentNumber,EstablishmentName,TypeOfEstablishment (name),"
                "EstablishmentTypeGroup (name),EstablishmentStatus (name),PhaseOfEducation (name),NumberOfPupils,Trusts (code),Trusts (name)\r\n")
        for i, urn in enumerate(urns):
            la = 800 + i % authorities
            phase = "Primary" if i % 5 else "Secondary"
            f.write(f"{urn},{la},Authority {la},{2000 + i // 150},School {urn},Community school,"
                    f"Local authority maintained schools,Open,{phase},{200 + i % 900},,\r\n")
    ids = [q for q, _ in kinds]
    (out / "returns-xml").mkdir(exist_ok=True)
    wide = open(out / "wide.csv", "w", encoding="utf-8", newline="")
    wide.write(",".join(["urn", "submitted", "questionnaire", "version"] + ids) + "\r\n")
    long = open(out / "long.csv", "w", encoding="utf-8", newline="")
    long.write("urn,submitted,questionnaire,version,question,answer,evidence\r\n")
    for urn in urns:
        quality = rng.betavariate(8, 2)
        values = [answer(rng, kind, quality) for _, kind in kinds]
        submitted = f"2026-11-{rng.randint(1, 28):02d}T{rng.randint(8, 17):02d}:00:00Z"
        wide.write(",".join([urn, submitted, "bench", "1"] + values) + "\r\n")
        evidence = {i: f"Evidence for {ids[i]}, seen by the link governor" for i in range(0, len(ids), 20)}
        long.writelines(f'{urn},{submitted},bench,1,{ids[i]},{v},"{evidence.get(i, "")}"\r\n' for i, v in enumerate(values))
        body = [f'<return xmlns="urn:s175:return:1" questionnaire="bench" version="1" urn="{urn}" submitted="{submitted}">']
        for i, v in enumerate(values):
            if i in evidence:
                body.append(f'  <answer question="{ids[i]}" value="{v}"><evidence>{evidence[i]}</evidence></answer>')
            else:
                body.append(f'  <answer question="{ids[i]}" value="{v}"/>')
        body.append("</return>\n")
        (out / "returns-xml" / f"{urn}.xml").write_text('<?xml version="1.0" encoding="UTF-8"?>\n' + "\n".join(body))
    wide.close()
    long.close()


if __name__ == "__main__":
    main()
