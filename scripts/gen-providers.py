#!/usr/bin/env python3
"""Write controls/providers/{aws,azure,gcp}.yaml from the catalog.

The rule (docs/deliverable.md, "Inheritance opportunities"), applied to every
statement whose catalog `inheritable` is above 0 (a statement not listed is
the customer's, weight 0):

  * domain 18, Physical & Environmental Security: provider. The data centres
    are the provider's in every public shared-responsibility model.
  * infrastructure below the customer's workloads -- the network fabric
    (08), transmission and storage encryption the platform provides (09),
    the platform's resilience (16), media handling inside the data centre
    (03), infrastructure vulnerability work (07) and the AI runtime
    isolation / encryption statements: shared.
  * identity, data, application, governance (01, 02, 06, 10, 11, 17, 19):
    customer.
  * the hand adjustments below, each with its reason, then apply: a
    statement whose evidence is a document or configuration the customer
    writes is the customer's even in a provider or shared domain.

The weight is the catalog's `inheritable` for provider and shared, 0 for
customer. Run from the repository root; the output is reviewed by hand
before it is committed. The result is illustrative: the provider's own
HITRUST responsibility matrix decides.
"""
import glob
import sys

import yaml

PROVIDER_DOMAINS = {"18"}
SHARED_DOMAINS = {"03", "07", "08", "09", "16"}
SHARED_IDS = {"AIS.22", "AIS.24", "AIS.25"}

# id -> (responsibility, reason)
ADJUST = {
    "18.08a.1": ("shared", "the customer keeps its own physical protection policy for its offices"),
    "18.08a.4": ("customer", "confirming the provider's controls each year is the customer's review"),
    "18.08m.2": ("shared", "media the customer ships (bulk transfer devices) is the customer's"),
    "08.01i.5": ("customer", "guardrails on what the customer's accounts may create are customer configuration"),
    "08.01o.4": ("customer", "alerts on the customer's routing changes are customer monitoring"),
    "08.09m.10": ("customer", "network settings as code are the customer's"),
    "08.09n.3": ("customer", "the responsibility matrix record is a customer document"),
    "09.09x.1": ("customer", "certificates and HSTS on the customer's services"),
    "09.10f.4": ("customer", "customer-managed keys are, by definition, managed by the customer"),
    "09.10f.8": ("customer", "scanning the customer's public TLS endpoints"),
    "09.06f.4": ("customer", "choosing regions for keys and data is a customer decision"),
    "16.12d.5": ("customer", "the split of recovery duties is written down by the customer"),
    "16.09h.3": ("customer", "auto-scaling and quota settings are customer configuration"),
}

PROVIDERS = {
    "aws": ("Amazon Web Services", [
        "AWS, \"Shared Responsibility Model\", https://aws.amazon.com/compliance/shared-responsibility-model/",
        "AWS, \"HITRUST CSF\" compliance page (inheritance through the HITRUST MyCSF Inheritance Program), https://aws.amazon.com/compliance/hitrust/",
    ]),
    "azure": ("Microsoft Azure", [
        "Microsoft Learn, \"Shared responsibility in the cloud\", https://learn.microsoft.com/en-us/azure/security/fundamentals/shared-responsibility",
        "Microsoft Learn, \"HITRUST\" compliance offering, https://learn.microsoft.com/en-us/azure/compliance/offerings/offering-hitrust",
    ]),
    "gcp": ("Google Cloud", [
        "Google Cloud Architecture Framework, \"Shared responsibilities and shared fate on Google Cloud\", https://cloud.google.com/architecture/framework/security/shared-responsibility-shared-fate",
        "Google Cloud, \"HITRUST CSF\" compliance page, https://cloud.google.com/security/compliance/hitrust",
    ]),
}


def statements(root):
    for path in sorted(glob.glob(root + "/statements/*.yaml")):
        with open(path) as f:
            for st in yaml.safe_load(f)["statements"]:
                yield st


def responsibility(st):
    sid, dom = st["id"], st["domain"]
    if sid in ADJUST:
        return ADJUST[sid][0]
    if dom in PROVIDER_DOMAINS:
        return "provider"
    if dom in SHARED_DOMAINS or sid in SHARED_IDS:
        return "shared"
    return "customer"


def main(root="controls"):
    rows = []
    for st in statements(root):
        inh = st.get("inheritable", 0)
        if not inh:
            continue
        resp = responsibility(st)
        rows.append((st["id"], resp, inh if resp != "customer" else 0, st["title"]))
    for name, (title, sources) in PROVIDERS.items():
        out = [
            f"# {title}: what a customer may inherit, per statement (controls/providers/{name}.yaml).",
            "#",
            "# ILLUSTRATIVE. Written by the hitrust-assess project from the provider's public",
            "# shared-responsibility documentation; it makes no claim about which controls",
            "# the provider's HITRUST certification covers. The provider's own HITRUST",
            "# responsibility matrix decides: load it instead with `matrix: FILE` under the",
            "# provider in scope.yaml (a CSV requirement,responsibility,weight; see",
            "# docs/deliverable.md).",
            "#",
            "# Rests on:",
        ] + [f"#   - {s}" for s in sources] + [
            "#",
            "# Generated by scripts/gen-providers.py (the rule and its hand adjustments are",
            "# there, with a reason each), then reviewed. A statement not listed is the",
            "# customer's. weight: the largest percent a customer may inherit, never above",
            "# the catalog's `inheritable`.",
            "provider:",
            f"  name: {name}",
            f"  title: {title}",
            "  basis: illustrative",
            "statements:",
        ]
        for sid, resp, w, t in rows:
            out.append(f"  - {{ id: \"{sid}\", responsibility: {resp}, weight: {w} }}   # {t}")
        with open(f"{root}/providers/{name}.yaml", "w") as f:
            f.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main(*sys.argv[1:])
