#!/usr/bin/env python3
"""Write controls/crosswalk/soc2.yaml: the AICPA Trust Services Criteria
(2017, with the points of focus revised in 2022) mapped to the catalog's
statements. Method and limits: docs/soc2-crosswalk.md.

  1. READING (below): for each criterion, our one-line reading of what it
     asks, the NIST SP 800-53 r5 controls that reading rests on, and the
     assessment domains where statements answering it live.
  2. The statements of those domains whose `maps.nist_800_53` name one of
     those controls (enhancements count as their base control) are the
     criterion's candidate statements.
  3. Cross-check (optional argument: the TSC<->800-53 pair list derived
     from CSA CCM v4, ../shared/samples/tsc_800-53/tsc_800-53.csv, read in
     place, never copied): for the criteria it lists, how many of our
     controls it pairs with the criterion too. It is printed, not used to
     add statements: its pairs only share a CCM control (CC6.1 pairs with
     156 controls), too broad to be evidence of coverage.

Criterion ids are facts; the readings and titles are ours, not AICPA's
text. Run from the repository root.
"""
import csv
import glob
import sys
from collections import defaultdict

import yaml

ALL = None  # every domain
READING = [
    # id, our reading, 800-53 controls, domains
    ("CC1.1", "The organisation commits to integrity and ethical values", ["PL-4", "PS-6", "PS-8"], ["01", "13"]),
    ("CC1.2", "Governance oversees the design and operation of internal control", ["PM-1", "PM-2", "PM-9"], ["01", "17"]),
    ("CC1.3", "Structures, reporting lines and authorities are set", ["PM-2", "PM-1", "AC-5"], ["01", "11"]),
    ("CC1.4", "People are hired, developed and kept competent", ["PS-2", "PS-3", "AT-2", "AT-3"], ["01", "13"]),
    ("CC1.5", "People are held accountable for their control duties", ["PS-8", "PL-4", "PM-13"], ["01", "13"]),
    ("CC2.1", "Relevant, quality information supports internal control", ["CM-8", "PM-5", "RA-2", "AU-6"], ["01", "06", "12", "19"]),
    ("CC2.2", "Objectives and control duties are communicated internally", ["AT-2", "PL-4", "IR-6"], ["01", "13", "15"]),
    ("CC2.3", "Matters affecting control are communicated to outside parties", ["IR-6", "IR-7", "PT-5", "SA-9"], ["14", "15", "19"]),
    ("CC3.1", "Objectives are specified clearly enough to find risks", ["PM-9", "RA-2", "PL-2"], ["01", "17"]),
    ("CC3.2", "Risks to the objectives are identified and analysed", ["RA-3", "RA-2", "PM-9"], ["17"]),
    ("CC3.3", "The potential for fraud is considered in assessing risk", ["RA-3", "AC-5"], ["11", "17"]),
    ("CC3.4", "Changes that could affect internal control are assessed", ["RA-3", "CM-4", "CA-7"], ["06", "17"]),
    ("CC4.1", "Controls are evaluated, ongoing or separately", ["CA-2", "CA-7", "CA-8", "RA-5"], ["01", "07", "17"]),
    ("CC4.2", "Control deficiencies are reported and corrected in time", ["CA-5", "CA-7", "PM-4"], ["01", "07", "17"]),
    ("CC5.1", "Control activities are chosen to bring risks to acceptable levels", ["PM-9", "PL-2", "CA-2"], ["01", "17"]),
    ("CC5.2", "General controls over technology are chosen and developed", ["CM-2", "CM-6", "SA-8"], ["01", "06"]),
    ("CC5.3", "Control activities are deployed through policies and procedures",
     ["AC-1", "AT-1", "AU-1", "CM-1", "CP-1", "IA-1", "IR-1", "MA-1", "MP-1", "PE-1", "PL-1",
      "PS-1", "RA-1", "SA-1", "SC-1", "SI-1"], ALL),
    ("CC6.1", "Logical access to information assets is restricted, keys protected", ["AC-2", "AC-3", "AC-6", "IA-2", "IA-5", "SC-12", "SC-28"], ["09", "10", "11"]),
    ("CC6.2", "Users are registered, authorised and removed", ["AC-2", "IA-4", "PS-4", "PS-5"], ["11"]),
    ("CC6.3", "Access is role-based, least privilege, with segregation of duties", ["AC-2", "AC-3", "AC-5", "AC-6"], ["11"]),
    ("CC6.4", "Physical access to facilities and assets is restricted", ["PE-2", "PE-3", "PE-6", "PE-8"], ["18"]),
    ("CC6.5", "Data is removed before assets are disposed of or reused", ["MP-6", "SR-12"], ["03", "18", "19"]),
    ("CC6.6", "The boundary is protected against threats from outside", ["SC-7", "AC-17", "SI-4"], ["05", "08", "09"]),
    ("CC6.7", "Information moved or transmitted is restricted and protected", ["SC-8", "MP-5", "MP-7", "AC-19", "AC-20"], ["03", "04", "09"]),
    ("CC6.8", "Unauthorised or malicious software is prevented or detected", ["SI-3", "CM-7", "CM-11", "SI-7"], ["02", "06", "07"]),
    ("CC7.1", "Configuration changes and vulnerabilities are detected", ["RA-5", "CM-6", "SI-2", "SI-7", "CA-7"], ["06", "07"]),
    ("CC7.2", "Components are monitored for anomalies that signal attacks", ["SI-4", "AU-2", "AU-6", "AU-12"], ["08", "12"]),
    ("CC7.3", "Security events are evaluated to decide whether they are incidents", ["IR-4", "IR-5", "AU-6", "SI-4"], ["12", "15"]),
    ("CC7.4", "Incidents are responded to under a defined programme", ["IR-4", "IR-6", "IR-7", "IR-8"], ["15"]),
    ("CC7.5", "The organisation recovers from incidents", ["IR-4", "CP-2", "CP-10"], ["15", "16"]),
    ("CC8.1", "Changes are authorised, designed, tested, approved and implemented", ["CM-2", "CM-3", "CM-4", "CM-5", "SA-10", "SA-11"], ["06"]),
    ("CC9.1", "Risks of business disruption are identified and mitigated", ["CP-2", "CP-4", "RA-3"], ["16", "17"]),
    ("CC9.2", "Risks from vendors and business partners are managed", ["SA-9", "SA-4", "SR-3", "SR-6", "PS-7"], ["14"]),
    ("A1.1", "Capacity is planned, monitored and managed", ["AU-4", "SC-5", "CP-2"], ["08", "16"]),
    ("A1.2", "Environmental protection, backup and recovery infrastructure are in place",
     ["PE-11", "PE-12", "PE-13", "PE-14", "PE-15", "CP-6", "CP-7", "CP-8", "CP-9"], ["16", "18"]),
    ("A1.3", "Recovery plans are tested", ["CP-4", "CP-2", "CP-10"], ["16"]),
    ("C1.1", "Confidential information is identified and protected", ["RA-2", "SC-28", "AC-16"], ["09", "19"]),
    ("C1.2", "Confidential information is disposed of when no longer needed", ["MP-6", "SI-12"], ["03", "18", "19"]),
    ("PI1.1", "Processing specifications and data definitions are kept", ["SA-5", "SI-10"], ALL),
    ("PI1.2", "Inputs are complete and accurate", ["SI-10"], ALL),
    ("PI1.3", "Processing is complete, accurate and timely", ["SI-7", "SI-10", "SI-11"], ALL),
    ("PI1.4", "Outputs are complete, accurate and go only where intended", ["SI-15", "SI-11"], ALL),
    ("PI1.5", "Stored inputs and outputs are kept complete and accurate", ["SI-12", "CP-9", "AU-9"], ALL),
    ("P1.1", "People are told about privacy practices", ["PT-5"], ["19"]),
    ("P2.1", "Choices about use of personal information, and consent, are offered", ["PT-4"], ["19"]),
    ("P3.1", "Personal information is collected only for the stated objectives", ["PT-2", "PT-3"], ["19"]),
    ("P3.2", "Explicit consent is obtained where collection requires it", ["PT-4"], ["19"]),
    ("P4.1", "Use of personal information is limited to the stated objectives", ["PT-2", "PT-3"], ["19"]),
    ("P4.2", "Personal information is retained only as long as needed", ["SI-12"], ["19"]),
    ("P4.3", "Personal information is disposed of securely", ["SI-12", "MP-6"], ["03", "19"]),
    ("P5.1", "Data subjects can see the personal information held about them", ["AC-3"], []),
    ("P5.2", "Data subjects can have their personal information corrected", ["SI-18", "PM-22"], ["19"]),
    ("P6.1", "Personal information is disclosed to third parties only as agreed", ["PT-2", "SA-9"], ["14", "19"]),
    ("P6.2", "Authorised disclosures are recorded", ["PM-21"], ["19"]),
    ("P6.3", "Unauthorised disclosures are recorded", ["IR-6", "IR-8", "PM-21"], ["15", "19"]),
    ("P6.4", "Third parties' privacy commitments are obtained and checked", ["SA-9", "SR-6"], ["14"]),
    ("P6.5", "Third parties report unauthorised disclosures", ["SA-9", "IR-6"], ["14"]),
    ("P6.6", "Affected people are told of breaches", ["IR-6", "IR-8"], ["15", "19"]),
    ("P6.7", "An accounting of personal information held and disclosed is kept", ["PM-21", "PM-5"], ["19"]),
    ("P7.1", "Personal information is kept accurate, complete and relevant", ["SI-18", "PM-22"], ["19"]),
    ("P8.1", "Privacy inquiries, complaints and disputes are handled", ["PM-26"], ["19"]),
]


def base(c):
    return c.split("(")[0].strip()


def main(root="controls", pairs=None):
    stmts = []
    for path in sorted(glob.glob(root + "/statements/*.yaml")):
        with open(path) as f:
            stmts += yaml.safe_load(f)["statements"]
    csvmap = defaultdict(set)
    if pairs:
        with open(pairs) as f:
            for row in csv.DictReader(f):
                csvmap[row["tsc_id"]].add(base(row["nist_800_53r5_id"]))
    out = [
        "# AICPA Trust Services Criteria (2017, points of focus revised 2022) mapped to",
        "# the catalog's statements: where a SOC 2 report's testing of a criterion is",
        "# CANDIDATE evidence for a statement (advisory; never a score). Criterion ids",
        "# are facts; each title is this project's one-line reading, not AICPA's text.",
        "# Built by scripts/gen-soc2.py through the statements' NIST SP 800-53 r5 maps:",
        "# `nist_800_53` is the reading each criterion rests on; `statements` those of",
        "# the criterion's domains mapping one of them. Method and limits:",
        "# docs/soc2-crosswalk.md.",
        "crosswalk:",
        "  name: soc2",
        "  title: AICPA Trust Services Criteria 2017 (revised points of focus 2022)",
        "criteria:",
    ]
    report = []
    for cid, title, controls, domains in READING:
        ids = [s["id"] for s in stmts
               if (domains is None or s["domain"] in domains)
               and {base(c) for c in s.get("maps", {}).get("nist_800_53", [])} & set(controls)]
        out.append(f"  - id: {cid}")
        out.append(f"    title: {title}")
        out.append("    nist_800_53: [" + ", ".join(controls) + "]")
        out.append("    statements: [" + ", ".join(ids) + "]")
        if cid in csvmap:
            both = set(controls) & csvmap[cid]
            report.append(f"{cid}: {len(ids)} statements; CCM-derived pairs confirm "
                          f"{len(both)} of our {len(controls)} controls "
                          f"(the pair list gives {len(csvmap[cid])})")
        else:
            report.append(f"{cid}: {len(ids)} statements; not in the CCM-derived pair list")
    with open(root + "/crosswalk/soc2.yaml", "w") as f:
        f.write("\n".join(out) + "\n")
    print("\n".join(report))


if __name__ == "__main__":
    main(*sys.argv[1:])
