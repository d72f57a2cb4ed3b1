#!/usr/bin/env python3
"""Writes the fictional sample batch in samples/: a GIAS-shaped register of
Berkshire West settings and two cycles (2025, 2026) of returns in all three
carriers, with a handful of the faults real batches contain; and, from 2026, a
register of early-years providers with their returns.

Every name, URN and answer is invented. The output is deterministic: run
`make samples` after changing this script or the questionnaires and commit the result.
"""
import csv
import io
import pathlib
import random
import xml.etree.ElementTree as ET

ROOT = pathlib.Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
NS = {"q": "urn:s175:questionnaire:1"}

# Invented place names: none of these is meant to be a real school's.
PLACES = [
    "Ashby Green", "Thornfield", "Harrowmere", "Kingsfold", "Larkspur Hill", "Merrow Down", "Oakhaven",
    "Fennel Brook", "Silverbrook", "Copperfield", "Hazelmere Vale", "Wrenwick", "Tallowbridge", "Marsh Langley",
    "Bramblecote", "Evenlode Park", "Foxcombe", "Greywater", "Holloway Cross", "Juniper Fields", "Kestrel Rise",
    "Lindenhurst", "Millbrook End", "Nettlebed Row", "Orchard Lea", "Pennyfold", "Quarry Wood", "Rushmere",
    "Sedgewick", "Tamsin Green", "Upper Alderley", "Violet Hill", "Willowmead", "Yarrowby", "Ambridge Vale",
    "Birchanger", "Coldharbour Lane", "Dunmere", "Elmstead Heath", "Fairbourne", "Goldthorn", "Hartwell Common",
    "Ivybridge Park", "Jessamy", "Kilnfield", "Longmead", "Moorcroft", "Northwood Barns", "Otterbourne Rise",
    "Pipers Mead", "Rowan Hollow", "Stourvale", "Thistledown", "Underhill", "Wexcombe", "Amberley Fields",
    "Blackthorn", "Cherry Tree Lane", "Dovecote", "Eastfold", "Fernleigh", "Glebe Farm", "Heathcote",
    "Inkpen Rise", "Kingfisher", "Lockram", "Meadowsweet", "Nightingale Way", "Oxlip", "Pondtail",
    "Redbridge Vale", "Saxonbury", "Tanners Brook", "Ullswick", "Vennwood", "Whitebeam", "Yewtree Cross",
    "Alder Carr", "Beckford Row", "Cobblers Green", "Daisyfield", "Emmer Green Vale", "Fulling Mill",
    "Gorse Hill", "Hawthorn Drive", "Icknield Way", "Lambourne Vale", "Mayfield Rise", "Newland Cross",
    "Old Forge", "Poplar Walk", "Reedmace", "Sorrel Bank", "Teasel Court", "Warren Side", "Bluebell Wood",
    "Catkin Lane", "Duckmoor", "Eglantine", "Foxglove Rise", "Goosefoot", "Harebell", "Kingcup",
    "Lavender Row", "Mistletoe", "Nutwood", "Oakapple", "Primrose Vale", "Quince Tree", "Ragwort Hill",
    "Speedwell", "Tansy Green", "Vetchfield", "Woodruff", "Yellowhammer", "Cowslip Lane", "Dogrose",
    "Elderberry", "Feverfew", "Gallowtree", "Hornbeam", "Ironbridge Vale", "Knapweed", "Loosestrife",
    "Marigold Way", "Nutmeg Row", "Orpine", "Pimpernel", "Rampion", "Samphire", "Toadflax", "Valerian",
    "Wintergreen", "Yarrow Bank", "Bracken Hill", "Chervil", "Dandelion Court", "Eyebright", "Fleabane",
    "Gentian", "Henbane Lane", "Ivy Mead", "Juniper Rise", "Kidney Vetch", "Lungwort", "Mallow Way",
    "Navelwort", "Oxeye", "Periwinkle", "Rocket Lane", "Sainfoin", "Thrift", "Vervain", "Wolds End",
    "Agrimony", "Burdock", "Campion", "Dropwort", "Eelgrass", "Figwort", "Groundsel", "Hawkbit",
]
SAINTS = ["St Aldric's", "St Bertram's", "St Edith’s", "St Osmund's", "St Wenna's", "St Cuthman's", "St Ethelwold's"]
FIRST = ["Alex", "Sam", "Jo", "Priya", "Tom", "Aisha", "Ben", "Chloe", "Daniel", "Ella", "Femi", "Grace", "Hamza",
         "Isla", "Jack", "Kemi", "Liam", "Maya", "Noah", "Olivia", "Rhys", "Sophie", "Tariq", "Zoë"]
LAST = ["Ashdown", "Brackley", "Carver", "Dunlop", "Ellery", "Fairweather", "Goodall", "Hartigan", "Ingram",
        "Jessop", "Kettering", "Lomax", "Merriman", "Nuttall", "Okafor", "Pennington", "Quayle", "Radcliffe",
        "Sheridan", "Thackeray", "Upton", "Vance", "Whitlock", "Yardley"]

LAS = [("869", "West Berkshire"), ("870", "Reading"), ("872", "Wokingham")]
TRUSTS = [
    ("TR01001", "Silverbrook Learning Trust"), ("TR01002", "Oakhaven Academy Trust"),
    ("TR01003", "Three Meadows Education Partnership"), ("TR01004", "St Aldric Catholic Academy Trust"),
    ("TR01005", "Brightwater Schools Trust"),
]
FEDERATIONS = ["Lockram and Dovecote Federation", "Upper Valley Schools Federation"]

GIAS_COLUMNS = [
    "URN", "LA (code)", "LA (name)", "EstablishmentNumber", "EstablishmentName", "TypeOfEstablishment (name)",
    "EstablishmentStatus (name)", "ReasonEstablishmentOpened (name)", "OpenDate", "CloseDate",
    "PhaseOfEducation (name)", "StatutoryLowAge", "StatutoryHighAge", "Boarders (name)", "Gender (name)",
    "ReligiousCharacter (name)", "NumberOfPupils", "Trusts (code)", "Trusts (name)", "Federations (name)",
    "SENPRU (name)", "EstablishmentTypeGroup (name)", "DistrictAdministrative (name)", "Street", "Town",
    "Postcode", "HeadTitle (name)", "HeadFirstName", "HeadLastName", "OfstedRating (name)",
]

# (weight, type, type group, phase, low age, high age, pupils range, name pattern)
KINDS = [
    (30, "Community school", "Local authority maintained schools", "Primary", 4, 11, (120, 630), "{p} Primary School"),
    (10, "Voluntary aided school", "Local authority maintained schools", "Primary", 4, 11, (100, 420), "{s} Catholic Primary School"),
    (8, "Voluntary controlled school", "Local authority maintained schools", "Primary", 4, 11, (60, 210), "{p} Church of England Primary School"),
    (5, "Foundation school", "Local authority maintained schools", "Primary", 4, 11, (200, 420), "{p} Primary School"),
    (22, "Academy converter", "Academies", "Primary", 4, 11, (150, 630), "{p} Primary Academy"),
    (5, "Academy sponsor led", "Academies", "Primary", 4, 11, (150, 420), "{p} Academy"),
    (3, "Community school", "Local authority maintained schools", "Primary", 4, 7, (90, 270), "{p} Infant School"),
    (3, "Community school", "Local authority maintained schools", "Primary", 7, 11, (120, 360), "{p} Junior School"),
    (3, "Local authority nursery school", "Local authority maintained schools", "Nursery", 2, 5, (60, 120), "{p} Nursery School"),
    (6, "Academy converter", "Academies", "Secondary", 11, 18, (700, 1700), "{p} School"),
    (4, "Academy sponsor led", "Academies", "Secondary", 11, 16, (600, 1200), "{p} Academy"),
    (3, "Foundation school", "Local authority maintained schools", "Secondary", 11, 18, (900, 1600), "{p} School"),
    (2, "Free schools", "Free Schools", "Secondary", 11, 18, (400, 900), "{p} Free School"),
    (1, "Academy converter", "Academies", "All-through", 4, 18, (1100, 1900), "{p} All-Through Academy"),
    (1, "Sixth form centres", "Local authority maintained schools", "16 plus", 16, 19, (250, 500), "{p} Sixth Form Centre"),
    (3, "Community special school", "Special schools", "Not applicable", 2, 19, (60, 180), "{p} School"),
    (2, "Academy special converter", "Special schools", "Not applicable", 4, 19, (80, 200), "{p} Academy"),
    (1, "Non-maintained special school", "Special schools", "Not applicable", 5, 19, (40, 90), "{p} College"),
    (1, "Pupil referral unit", "Local authority maintained schools", "Not applicable", 5, 16, (20, 80), "{p} Learning Centre"),
    (1, "Academy alternative provision sponsor led", "Academies", "Not applicable", 11, 16, (30, 90), "{p} Alternative Provision Academy"),
    (4, "Other independent school", "Independent schools", "Not applicable", 3, 18, (80, 700), "{p} House School"),
    (1, "Other independent special school", "Independent schools", "Not applicable", 7, 19, (20, 60), "{p} Independent Special School"),
]

LOCALITY_WEIGHTS = {"Reading": 0.36, "Wokingham": 0.33, "West Berkshire": 0.31}
# How each locality's practice tends to sit, by standard, in points of probability.
LOCALITY_BIAS = {"Reading": {"CP": 0.02, "PW": 0.03, "WO": 0.0, "SG": 0.01, "LP": 0.04},
                 "Wokingham": {"CP": 0.04, "PW": 0.0, "WO": 0.02, "SG": 0.04, "LP": 0.0},
                 "West Berkshire": {"CP": -0.03, "PW": -0.02, "WO": -0.05, "SG": -0.01, "LP": -0.06}}

EVIDENCE = [
    "Reviewed by the full governing body on {d}; minutes on the shared drive.",
    "Seen in the DSL's training log; certificate dated {d}.",
    "Spot check of 10 staff files by the SBM on {d}.",
    "Pupil voice survey (Years 3-6) shows most children can name a trusted adult.",
    "Filtering report reviewed with the IT provider on {d}; two categories tightened.",
    "Covered in the September INSET; sign-in sheet kept.",
    "Policy published on the website and linked from the parents' newsletter.",
    "Termly safeguarding report to governors includes anonymised case themes.",
    "Records moved to the electronic system; chronologies complete for open cases.",
    "Link governor visit on {d}: SCR sampled, no gaps found.",
    "Agreed with the local early help hub; two joint TAF meetings this term.",
    "Attendance officer follows up every absence on the first day by phone.",
]
ACTIONS = [
    ("Book refresher training for the deputy DSL", "DSL"),
    ("Add the low-level concerns section to the staff code of conduct", "Headteacher"),
    ("Governors to approve the revised policy at the spring meeting", "Chair of governors"),
    ("Audit the single central record against the checklist", "School business manager"),
    ("Run a pupil survey on feeling safe online", "Computing lead"),
    ("Arrange Prevent training for new support staff", "DSL"),
    ("Review the filtering and monitoring arrangements with the IT provider", "Deputy headteacher"),
    ("Agree a written information-sharing protocol with the nursery", "DSL"),
]


class Question:
    def __init__(self, node, kind, scales, standard):
        self.id = node.get("id")
        self.kind = kind
        self.standard = standard
        self.scale = scales.get(node.get("scale")) if node.get("scale") else None
        self.critical = node.get("critical") == "true"
        self.mandatory = node.get("mandatory") == "true"
        filt = node.find("q:applies-to", NS)
        self.phases = [p.text for p in filt.findall("q:phase", NS)] if filt is not None else []
        self.types = [p.text for p in filt.findall("q:type", NS)] if filt is not None else []
        self.groups = [p.text for p in filt.findall("q:type-group", NS)] if filt is not None else []
        self.bands = [(int(b.get("within-months")) if b.get("within-months") else None) for b in node.findall("q:band", NS)]
        self.unit = node.get("unit", "")

    def applies(self, setting):
        if self.phases and setting["PhaseOfEducation (name)"] not in self.phases:
            return False
        if self.types or self.groups:
            return setting["TypeOfEstablishment (name)"] in self.types or setting["EstablishmentTypeGroup (name)"] in self.groups
        return True


def load_questions(*paths):
    questions = []
    scales = {}
    for path in paths:
        root = ET.parse(path).getroot()
        for scale in root.findall("q:scales/q:scale", NS):
            scales[scale.get("id")] = [o.get("code") for o in scale.findall("q:option", NS)]
        for standard in root.findall("q:standard", NS):
            std = standard.get("id") or standard.get("ref")
            for element in standard.findall("q:element", NS):
                for node in element:
                    tag = node.tag.split("}")[1]
                    if tag in ("question", "date-question", "number-question"):
                        questions.append(Question(node, tag, scales, std))
    return questions


def make_register(rng):
    """About 210 settings; a few closed, one proposed to close, one proposed to open, one college."""
    rows = []
    names = rng.sample(PLACES, len(PLACES))
    urn = 900100
    numbers = {"869": 2000, "870": 2000, "872": 2000}
    kinds = [k for k in KINDS for _ in range(k[0])]
    for index in range(212):
        la_code, la_name = rng.choices(LAS, weights=[LOCALITY_WEIGHTS[n] for _, n in LAS])[0]
        kind = kinds[index % len(kinds)] if index < len(kinds) else rng.choice(kinds)
        _, type_name, group, phase, low, high, pupils, pattern = kind
        place = names[index % len(names)]
        name = pattern.format(p=place, s=rng.choice(SAINTS))
        urn += rng.randint(3, 41)
        numbers[la_code] += rng.randint(1, 9)
        number = numbers[la_code] if phase in ("Primary", "Nursery") else numbers[la_code] + 2000
        if group in ("Special schools",) or type_name == "Pupil referral unit":
            number = 7000 + index
        if group == "Independent schools":
            number = 6000 + index
        trust_code = trust_name = ""
        if group in ("Academies", "Free Schools") or type_name == "Academy special converter":
            if rng.random() < 0.8:
                trust_code, trust_name = rng.choice(TRUSTS)
        federation = rng.choice(FEDERATIONS) if group == "Local authority maintained schools" and phase == "Primary" and rng.random() < 0.06 else ""
        status = "Open"
        rows.append({
            "URN": str(urn), "LA (code)": la_code, "LA (name)": la_name, "EstablishmentNumber": str(number),
            "EstablishmentName": name, "TypeOfEstablishment (name)": type_name, "EstablishmentStatus (name)": status,
            "ReasonEstablishmentOpened (name)": "Not applicable", "OpenDate": "", "CloseDate": "",
            "PhaseOfEducation (name)": phase, "StatutoryLowAge": str(low), "StatutoryHighAge": str(high),
            "Boarders (name)": "No boarders", "Gender (name)": "Mixed",
            "ReligiousCharacter (name)": "Roman Catholic" if "Catholic" in name else ("Church of England" if "Church" in name else "Does not apply"),
            "NumberOfPupils": str(rng.randint(*pupils)), "Trusts (code)": trust_code, "Trusts (name)": trust_name,
            "Federations (name)": federation,
            "SENPRU (name)": "PRU" if type_name == "Pupil referral unit" else ("Has Special Classes" if rng.random() < 0.1 else "Not applicable"),
            "EstablishmentTypeGroup (name)": group, "DistrictAdministrative (name)": la_name,
            "Street": f"{rng.randint(1, 90)} {place} Road", "Town": {"869": "Newbury", "870": "Reading", "872": "Wokingham"}[la_code],
            "Postcode": f"RG{rng.randint(1, 42)} {rng.randint(1, 9)}Z{rng.choice('ABDEFGHJ')}",
            "HeadTitle (name)": rng.choice(["Mr", "Mrs", "Ms", "Dr", "Miss"]), "HeadFirstName": rng.choice(FIRST),
            "HeadLastName": rng.choice(LAST), "OfstedRating (name)": rng.choice(["Good", "Good", "Outstanding", "Requires improvement", ""]),
        })
    # Lifecycle cases the register must handle.
    for row in rng.sample(rows[20:], 4):
        row["EstablishmentStatus (name)"] = "Closed"
        row["CloseDate"] = "31-08-2026"
    rows[7]["EstablishmentStatus (name)"] = "Open, but proposed to close"
    rows[9]["EstablishmentStatus (name)"] = "Proposed to open"
    rows[9]["OpenDate"] = "01-09-2027"
    college = dict(rows[11])
    college.update({"URN": "900097", "EstablishmentName": "Kennetside College of Further Education",
                    "TypeOfEstablishment (name)": "Further education", "EstablishmentTypeGroup (name)": "Colleges",
                    "PhaseOfEducation (name)": "16 plus", "EstablishmentNumber": "4999", "Trusts (code)": "", "Trusts (name)": ""})
    rows.append(college)
    rows.sort(key=lambda r: int(r["URN"]))
    return rows


def school_profile(rng, setting):
    """A latent standard of practice per school, used for both years. About one school in
    eight has a statutory gap (a critical item failed) in a given year."""
    base = rng.betavariate(14, 2)  # most schools are largely compliant
    return {"base": base, "drift": rng.gauss(0.02, 0.04), "weak": rng.choice(["CP", "PW", "WO", "SG", "LP"]),
            "gaps": {year: rng.random() < 0.12 for year in (2025, 2026)}}


def answer_for(rng, q, setting, profile, year, census):
    locality = setting["LA (name)"]
    p = profile["base"] + LOCALITY_BIAS[locality].get(q.standard, 0) + (profile["drift"] if year == 2026 else 0)
    if q.standard == profile["weak"]:
        p -= 0.07
    if q.critical:
        # Statutory items are met by nearly every school; the few with a gap miss one or two.
        p = 0.93 if profile["gaps"][year] else 0.9985
    p = max(0.05, min(0.9985, p))
    if q.kind == "date-question":
        months = q.bands[0] or 12
        if rng.random() < p:
            ago = rng.randint(1, max(1, months - 1))
        else:
            ago = rng.randint(months + 1, months + 14)
        y, m = census[0], census[1] - ago
        while m <= 0:
            m += 12
            y -= 1
        return f"{y:04d}-{m:02d}-{rng.randint(1, 28):02d}"
    if q.kind == "number-question":
        if q.scale is None:
            return str(rng.randint(0, 12))
        return str(100 if rng.random() < p else rng.randint(72, 99))
    codes = [c for c in q.scale if c != "n/a"]
    if "n/a" in q.scale and rng.random() < 0.015:
        return "n/a"
    r = rng.random()
    if codes[0] == "1":  # the grade scale: 1 best
        return "1" if r < p * 0.6 else ("2" if r < p else ("3" if r < p + (1 - p) * 0.7 else "4"))
    if len(codes) == 2:
        return codes[0] if r < p else codes[1]
    return codes[0] if r < p else (codes[1] if r < p + (1 - p) * 0.65 else codes[2])


def make_return(rng, setting, questions, profile, year, census, questionnaire, evidence_texts=EVIDENCE, actions=ACTIONS):
    answers = []
    for q in questions:
        if not q.applies(setting):
            continue
        if not q.mandatory and rng.random() < 0.02:
            continue  # left blank
        value = answer_for(rng, q, setting, profile, year, census)
        evidence = ""
        action = None
        if rng.random() < 0.18:
            d = f"{rng.randint(1, 28)} {rng.choice(['September', 'October', 'November'])} {year}"
            evidence = rng.choice(evidence_texts).format(d=d)
        if value in ("partly", "not-met", "no", "3", "4") or (q.kind == "date-question" and rng.random() < 0.1):
            if rng.random() < 0.75:
                text, owner = rng.choice(actions)
                action = (text, f"{year + 1}-{rng.randint(1, 7):02d}-{rng.randint(1, 28):02d}", owner)
        answers.append((q.id, value, evidence, action))
    return {"urn": setting["URN"], "questionnaire": questionnaire[0], "version": questionnaire[1], "answers": answers}


def submitted_time(rng, year, lateness):
    day = {"on time": rng.randint(20, 44), "late": rng.randint(45, 60), "very late": rng.randint(62, 66)}[lateness]
    month, d = (10, day) if day <= 31 else (11, day - 31) if day <= 61 else (12, day - 61)
    return f"{year}-{month:02d}-{d:02d}T{rng.randint(8, 17):02d}:{rng.randint(0, 59):02d}:00Z"


def xml_return(r, indent="", standalone=True):
    ns = ' xmlns="urn:s175:return:1"' if standalone else ""
    lines = [f'{indent}<return{ns} questionnaire="{r["questionnaire"]}" version="{r["version"]}" urn="{r["urn"]}" submitted="{r["submitted"]}">']
    for qid, value, evidence, action in r["answers"]:
        if not evidence and not action:
            lines.append(f'{indent}  <answer question="{qid}" value="{esc(value)}"/>')
            continue
        lines.append(f'{indent}  <answer question="{qid}" value="{esc(value)}">')
        if evidence:
            lines.append(f'{indent}    <evidence>{esc(evidence)}</evidence>')
        if action:
            lines.append(f'{indent}    <action due="{action[1]}" owner="{esc(action[2])}">{esc(action[0])}</action>')
        lines.append(f"{indent}  </answer>")
    lines.append(f"{indent}</return>")
    return "\n".join(lines) + "\n"


def esc(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def write_xml(path, r):
    path.write_text('<?xml version="1.0" encoding="UTF-8"?>\n' + xml_return(r), encoding="utf-8")


def write_xml_many(path, returns):
    body = "".join(xml_return(r, "  ", standalone=False) for r in returns)
    path.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<returns xmlns="urn:s175:return:1">\n' + body + "</returns>\n", encoding="utf-8")


def wide_rows(returns, questions, uk_dates=False):
    ids = [q.id for q in questions]
    header = ["urn", "submitted", "questionnaire", "version"]
    for qid in ids:
        header += [qid, qid + "#evidence"]
    rows = [header]
    for r in returns:
        by_id = {a[0]: a for a in r["answers"]}
        submitted = r["submitted"]
        if uk_dates:  # as Excel in an English locale rewrites it
            date, time = submitted[:10], submitted[11:16]
            submitted = f"{date[8:10]}/{date[5:7]}/{date[0:4]} {time}"
        row = [r["urn"], submitted, r["questionnaire"], r["version"]]
        for qid in ids:
            a = by_id.get(qid)
            value = a[1] if a else ""
            if uk_dates and a and len(value) == 10 and value[4] == "-":
                value = f"{value[8:10]}/{value[5:7]}/{value[0:4]}"
            row += [value, a[2] if a else ""]
        rows.append(row)
    return rows


def write_csv(path, rows, encoding="utf-8-sig", newline="\r\n"):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=newline)
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))


def long_rows(returns):
    rows = [["urn", "submitted", "questionnaire", "version", "question", "answer", "evidence", "action", "action_due", "owner"]]
    for r in returns:
        for qid, value, evidence, action in r["answers"]:
            rows.append([r["urn"], r["submitted"], r["questionnaire"], r["version"], qid, value, evidence,
                         action[0] if action else "", action[1] if action else "", action[2] if action else ""])
    return rows


def cycle_file(year, census, deadline, final):
    # The early-years self-assessment starts in 2026.
    early = year >= 2026
    early_years_questionnaire = f'\n  <questionnaire href="../../questionnaires/early-years-{year}.xml"/>' if early else ""
    early_years_register = '\n  <register href="../early-years-register.csv" population="early-years" la-codes="869 870 872"/>' if early else ""
    early_years_policy = f'\n  <risk-policy href="../../questionnaires/risk-policy-early-years-{year}.xml"/>' if early else ""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<!-- The {year} cycle of the Berkshire West sample batch (fictional). Paths are relative to this file. -->
<cycle xmlns="urn:s175:cycle:1" id="{year}" area="Berkshire West"
       census-date="{census}" deadline="{deadline}" final-deadline="{final}">
  <questionnaire href="../../questionnaires/esat-{year}.xml"/>
  <questionnaire href="../../questionnaires/local/berkshire-west-{year}.xml"/>{early_years_questionnaire}
  <register href="../register.csv" la-codes="869 870 872"/>{early_years_register}
  <returns href="returns"/>
  <risk-policy href="../../questionnaires/risk-policy-{year}.xml"/>{early_years_policy}
  <peer-review candidates="30" different-locality-bonus="20" avoid-repeat-cycles="2"/>
  <disclosure min-cell="3"/>
</cycle>
"""


def build_year(rng, year, register, profiles):
    questions = load_questions(ROOT / f"questionnaires/esat-{year}.xml", ROOT / f"questionnaires/local/berkshire-west-{year}.xml")
    questionnaire = ("esat", f"{year}.1")
    census = (year, 9)
    folder = SAMPLES / str(year)
    returns_dir = folder / "returns"
    for old in sorted(returns_dir.rglob("*"), reverse=True):
        old.unlink() if old.is_file() else old.rmdir()
    (returns_dir / "schools").mkdir(parents=True, exist_ok=True)
    (folder / "cycle.xml").write_text(cycle_file(year, f"{year}-09-01", f"{year}-11-14", f"{year}-12-05"), encoding="utf-8")

    open_settings = [s for s in register if s["EstablishmentStatus (name)"].startswith("Open") and s["EstablishmentTypeGroup (name)"] != "Colleges"]
    returners = [s for s in open_settings if rng.random() < (0.93 if year == 2026 else 0.9)]
    returns = []
    for s in returners:
        r = make_return(rng, s, questions, profiles[s["URN"]], year, census, questionnaire)
        r["submitted"] = submitted_time(rng, year, rng.choices(["on time", "late", "very late"], weights=[80, 17, 3])[0])
        r["setting"] = s
        returns.append(r)

    # Carriers: MAT returns as one XML document per trust, the online survey as wide CSV per LA,
    # one LA's support service as long CSV, everyone else as an XML file each.
    by_trust = {}
    wide_by_la = {"870": [], "872": []}
    long_group = []
    single = []
    for r in returns:
        s = r["setting"]
        if s["Trusts (code)"] in ("TR01001", "TR01003") and year == 2026 or s["Trusts (code)"] == "TR01002":
            by_trust.setdefault(s["Trusts (code)"], []).append(r)
        elif s["LA (code)"] in wide_by_la and rng.random() < 0.45:
            wide_by_la[s["LA (code)"]].append(r)
        elif s["LA (code)"] == "869" and rng.random() < 0.35:
            long_group.append(r)
        else:
            single.append(r)

    faults = []
    if year == 2026:
        # A typo'd answer code in a school's own XML export.
        bad = single.pop(3)
        bad["answers"] = [(a[0], "Met" if a[1] == "met" and i % 9 == 0 else a[1], a[2], a[3]) for i, a in enumerate(bad["answers"])]
        bad["answers"][1] = (bad["answers"][1][0], "partly met", bad["answers"][1][2], bad["answers"][1][3])
        write_xml(returns_dir / "schools" / f"{bad['urn']}-s175-return.xml", bad)
        faults.append("typo'd answer codes")
        # A resubmission: the first version had gaps, the school sent a corrected one later.
        resub = single.pop(5)
        first = dict(resub, answers=[a for a in resub["answers"] if rng.random() < 0.8], submitted=f"{year}-11-03T09:12:00Z")
        write_xml(returns_dir / "schools" / f"{resub['urn']}-first-attempt.xml", first)
        resub["submitted"] = f"{year}-11-19T15:40:00Z"
        single.append(resub)
        faults.append("duplicate resubmission")
        # A return on last year's form.
        old = single.pop(8)
        old["version"] = f"{year - 1}.1"
        write_xml(returns_dir / "schools" / f"{old['urn']}-return.xml", old)
        faults.append("last year's version")
        # A return from a school that closed in the summer.
        closed = next(s for s in register if s["EstablishmentStatus (name)"] == "Closed")
        ghost = make_return(rng, closed, questions, profiles[closed["URN"]], year, census, questionnaire)
        ghost["submitted"] = f"{year}-10-30T11:00:00Z"
        write_xml(returns_dir / "schools" / f"{closed['URN']}-return.xml", ghost)
        faults.append("closed school")
        # An impossible date typed by hand.
        impossible = single.pop(10)
        impossible["answers"] = [(a[0], "2026-02-30" if a[0] == "CP2.3" else a[1], a[2], a[3]) for a in impossible["answers"]]
        write_xml(returns_dir / "schools" / f"{impossible['urn']}-return.xml", impossible)
        faults.append("impossible date")
        # A workbook saved as .xlsx instead of CSV (just its zip signature and a little more).
        (returns_dir / "schools" / "Copy of return - Kestrel Rise.xlsx").write_bytes(b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(64)))
        faults.append("Excel workbook instead of CSV")

    for r in single:
        write_xml(returns_dir / "schools" / f"{r['urn']}.xml", r)

    for code, group in sorted(by_trust.items()):
        path = returns_dir / f"trust-{code.lower()}-returns.xml"
        write_xml_many(path, group)
        if year == 2026 and code == "TR01002":
            # The trust's upload was cut off part-way through its last return.
            text = path.read_text(encoding="utf-8")
            path.write_text(text[: len(text) - 900], encoding="utf-8")
            faults.append("truncated XML")

    reading = wide_by_la["870"]
    wokingham = wide_by_la["872"]
    if year == 2026 and reading:
        # One URN mistyped in the survey (two digits swapped).
        reading[2] = dict(reading[2], urn=reading[2]["urn"][:3] + reading[2]["urn"][4] + reading[2]["urn"][3] + reading[2]["urn"][5:])
        faults.append("wrong URN")
    write_csv(returns_dir / f"survey-export-reading-{year}.csv", wide_rows(reading, questions))
    if year == 2026:
        # Wokingham's export was opened and re-saved in Excel as plain "CSV": Windows-1252, UK dates.
        rows = wide_rows(wokingham, questions, uk_dates=True)
        rows[1][5] = "Signed off by the head’s PA – governors’ meeting cost £0"
        write_csv(returns_dir / "wokingham-returns-excel.csv", rows, encoding="cp1252")
        faults.append("Windows-1252 CSV from Excel")
        # A row whose evidence lost its closing quote when edited by hand.
        text = (returns_dir / "wokingham-returns-excel.csv").read_bytes()
        lines = text.split(b"\r\n")
        cells = lines[4].split(b",")
        cells[5] = b'"Policy agreed, see minutes'
        lines[4] = b",".join(cells)
        (returns_dir / "wokingham-returns-excel.csv").write_bytes(b"\r\n".join(lines))
        faults.append("unterminated quote")
    else:
        write_csv(returns_dir / f"survey-export-wokingham-{year}.csv", wide_rows(wokingham, questions))
    rng.shuffle(long_group)  # rows of a return need not be together
    rows = long_rows(long_group)
    header, body = rows[0], rows[1:]
    rng.shuffle(body)
    write_csv(returns_dir / f"west-berkshire-long-{year}.csv", [header] + body, encoding="utf-8", newline="\n")
    return faults


# Early years: providers on Ofsted's early years register, as the LA's list of them.
EY_COLUMNS = ["URN", "ProviderName", "ProviderType", "ProviderSubtype", "RegistrationStatus", "RegistrationDate",
              "LA (code)", "LA (name)", "Places", "Owner", "Postcode", "LinkedSchoolURN"]
# (weight, provider type, subtype, kind as the questionnaire names it, places range, name pattern)
EY_KINDS = [
    (44, "Childminder", "", "Childminder", (3, 6), None),
    (28, "Childcare on non-domestic premises", "Full day care", "Nursery", (24, 96), "{p} Day Nursery"),
    (16, "Childcare on non-domestic premises", "Sessional day care", "Pre-school", (16, 32), "{p} Pre-school"),
    (12, "Childcare on non-domestic premises", "Out of school day care", "Out of school", (20, 60), "{p} Kids' Club"),
]
EY_OWNERS = ["Little Acorns Nurseries Ltd", "Bright Steps Childcare CIO", "Kennet Valley Pre-schools"]
EY_EVIDENCE = [
    "Certificate from the local authority's designated lead course, {d}.",
    "Policy shared with parents at settling-in and displayed in the entrance.",
    "Staff meeting on {d} went through the allegations procedure and the LADO's number.",
    "Ratio checks recorded on the daily register; spot-checked by the manager.",
    "Phones are kept in the office lockers; the policy was re-signed by all staff on {d}.",
    "Outings risk assessment reviewed after the summer trips.",
    "Accident book and medicine records checked by the deputy each week.",
    "Two children referred to early help this term with parents' agreement.",
]
EY_ACTIONS = [
    ("Book the designated lead refresher with the LA's early years team", "Manager"),
    ("Renew paediatric first aid for the two staff whose certificates lapse soonest", "Manager"),
    ("Add the online safety section to the safeguarding policy", "Safeguarding lead"),
    ("Record the induction checklist for new starters", "Deputy manager"),
    ("Attend the local Prevent briefing", "Childminder"),
]


def make_early_years_register(rng, schools):
    """About 100 providers across the localities, mostly childminders and nurseries, with
    the lifecycle cases an Ofsted list has: resigned, suspended, newly applied, school-run."""
    rows = []
    names = rng.sample(PLACES, len(PLACES))
    kinds = [k for k in EY_KINDS for _ in range(k[0])]
    used = set()
    serial = 502000
    for index in range(100):
        la_code, la_name = rng.choices(LAS, weights=[LOCALITY_WEIGHTS[n] for _, n in LAS])[0]
        _, provider_type, subtype, kind, places, pattern = rng.choice(kinds)
        name = pattern.format(p=names[index % len(names)]) if pattern else ""
        while not name or name in used:  # childminders are people: no two share a name here
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        used.add(name)
        serial += rng.randint(5, 300)
        # Long-registered providers keep the six-digit URN they had before the EY prefix.
        urn = str(130000 + index * 37) if index % 23 == 5 else f"EY{serial}"
        owner = rng.choice(EY_OWNERS) if kind in ("Nursery", "Pre-school") and rng.random() < 0.3 else ""
        rows.append({
            "URN": urn, "ProviderName": name, "ProviderType": provider_type, "ProviderSubtype": subtype,
            "RegistrationStatus": "Active", "RegistrationDate": f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(2006, 2025)}",
            "LA (code)": la_code, "LA (name)": la_name, "Places": str(rng.randint(*places)), "Owner": owner,
            # Childminders work from home: their postcode is personal data and is not listed.
            "Postcode": "" if kind == "Childminder" else f"RG{rng.randint(1, 42)} {rng.randint(1, 9)}Y{rng.choice('ABDEFGHJ')}",
            "LinkedSchoolURN": "", "kind": kind,
        })
    rows[3]["RegistrationStatus"] = "Resigned"
    rows[12]["RegistrationStatus"] = "Suspended"
    rows[17]["RegistrationStatus"] = "Applied"
    school = next(s for s in schools if s["PhaseOfEducation (name)"] == "Primary" and s["EstablishmentStatus (name)"] == "Open")
    rows.append(dict(rows[1], URN=f"EY{serial + 77}", ProviderName=school["EstablishmentName"] + " Nursery",
                     ProviderType="Childcare on non-domestic premises", ProviderSubtype="Full day care", kind="Nursery",
                     Owner="", LinkedSchoolURN=school["URN"], **{"LA (code)": school["LA (code)"], "LA (name)": school["LA (name)"]}))
    return rows


def as_setting(provider):
    """A provider in the shape the questionnaire filters read."""
    return dict(provider, **{"PhaseOfEducation (name)": provider["kind"], "TypeOfEstablishment (name)": provider["kind"],
                             "EstablishmentTypeGroup (name)": "Early years"})


def build_early_years(rng, year, providers):
    questions = load_questions(ROOT / f"questionnaires/early-years-{year}.xml")
    questionnaire = ("early-years", f"{year}.1")
    census = (year, 9)
    folder = SAMPLES / str(year) / "returns" / "early-years"
    folder.mkdir(parents=True, exist_ok=True)
    expected = [p for p in providers if p["RegistrationStatus"] == "Active" and not p["LinkedSchoolURN"]]
    returns = []
    for p in expected:
        if rng.random() > 0.86:
            continue
        profile = {"base": rng.betavariate(12, 2), "drift": 0, "weak": rng.choice(["EL", "ES", "EC", "EP"]),
                   "gaps": {year: rng.random() < 0.1}}
        r = make_return(rng, as_setting(p), questions, profile, year, census, questionnaire, EY_EVIDENCE, EY_ACTIONS)
        r["submitted"] = submitted_time(rng, year, rng.choices(["on time", "late", "very late"], weights=[75, 20, 5])[0])
        returns.append(r)

    # Carriers: the early years team's online survey as wide CSV, and the returns a
    # childminding agency collected for its members as one XML document.
    agency = [r for r in returns if not r["urn"].startswith("EY") or r["urn"][-1] in "13579"]
    agency = [r for r in agency if any(p["URN"] == r["urn"] and p["kind"] == "Childminder" for p in providers)]
    survey = [r for r in returns if r not in agency]
    faults = []
    # The survey tool lower-cased one URN: still the same provider.
    survey[0] = dict(survey[0], urn=survey[0]["urn"].lower())
    # A nursery answered the schools' questionnaire by mistake.
    nursery = next(r for r in survey[1:] if any(p["URN"] == r["urn"] and p["kind"] == "Nursery" for p in providers))
    survey.remove(nursery)
    write_xml(folder / f"{nursery['urn']}-return.xml", dict(nursery, questionnaire="esat", version=f"{year}.1"))
    faults.append("early-years provider on the schools' questionnaire")
    # The resigned childminder and the school-run nursery sent returns anyway.
    for p in (providers[3], providers[-1]):
        r = make_return(rng, as_setting(p), questions, {"base": 0.9, "drift": 0, "weak": "EL", "gaps": {year: False}},
                        year, census, questionnaire, EY_EVIDENCE, EY_ACTIONS)
        r["submitted"] = f"{year}-10-21T10:15:00Z"
        survey.append(r)
    faults.append("resigned provider and school-run nursery")
    # An EY URN with a digit dropped.
    survey[4] = dict(survey[4], urn=survey[4]["urn"][:-1])
    faults.append("short EY URN")
    write_csv(folder / f"early-years-survey-{year}.csv", wide_rows(survey, questions, uk_dates=True), encoding="cp1252")
    write_xml_many(folder / "childminding-agency-returns.xml", agency)
    return faults


def main():
    rng = random.Random(175)
    register = make_register(rng)
    SAMPLES.mkdir(exist_ok=True)
    write_csv(SAMPLES / "register.csv", [GIAS_COLUMNS] + [[r[c] for c in GIAS_COLUMNS] for r in register], encoding="cp1252")
    profiles = {r["URN"]: school_profile(rng, r) for r in register}
    for year in (2025, 2026):
        faults = build_year(random.Random(year), year, register, profiles)
        print(f"{year}: faults planted: {', '.join(faults) if faults else 'none'}")
    # Early years has its own random stream, so the schools' samples stay as they were.
    providers = make_early_years_register(random.Random(5175), register)
    write_csv(SAMPLES / "early-years-register.csv", [EY_COLUMNS] + [[p[c] for c in EY_COLUMNS] for p in providers], encoding="cp1252")
    faults = build_early_years(random.Random(52026), 2026, providers)
    print(f"2026 early years: faults planted: {', '.join(faults)}")


if __name__ == "__main__":
    main()
