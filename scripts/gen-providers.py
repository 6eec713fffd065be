#!/usr/bin/env python3
"""Write controls/providers/{aws,azure,gcp}.yaml from the catalog.

Usage: scripts/gen-providers.py [CATALOG_DIR [OUT_DIR]]
(defaults: controls and CATALOG_DIR/providers). The files are generated,
never edited by hand: change this script and run it again; the test
tests/e2e/t_providers.sh fails when the shipped files differ from what it
writes (e.g. after the catalog's `inheritable` changed).

How a provider's matrix is decided (docs/deliverable.md, "Inheritance
opportunities"), for every statement whose catalog `inheritable` is above 0
(a statement not listed is the customer's, weight 0):

1. The base rule, the same for the three providers because their public
   shared-responsibility models agree on it:
   * domain 18, Physical & Environmental Security: provider. Each provider
     runs its data centres' physical security in every service model.
   * the infrastructure below the customer's workloads -- the network
     fabric (08), transmission and storage encryption the platform provides
     (09), the platform's resilience (16), media handling inside the data
     centre (03), infrastructure vulnerability work (07), the AI runtime
     isolation and encryption statements: shared.
   * identity, data, application and governance (01, 02, 06, 10, 11, 17,
     19): customer.
   * COMMON below: a statement whose evidence is a document or a
     configuration the customer writes is the customer's even in a provider
     or shared domain.
   The weight is the catalog's `inheritable` for provider and shared, 0 for
   customer.
2. Then each provider's own adjustments (AWS, AZURE, GCP below), where its
   public documentation shows the platform doing more or less by default
   than the others: what is on without the customer acting (encryption at
   rest, DDoS protection, backup copies kept elsewhere), what the default
   network leaves open, where keys live. Each gives the responsibility,
   the weight (never above the catalog's `inheritable`), the reason in our
   own words and the ids of the public documents it rests on (SOURCES).

Every source listed in SOURCES has a row, with the same URL and the outcome
of checking it (verified / partly / not verified, where and when), in
docs/deliverable.md, "Provider matrix sources checked"; a judgement cites
only its provider's sources (tests/e2e/t_providers.sh checks both). Add the
row when adding a source, and re-read the page when changing a judgement.

Everything here is this project's reading of public material, not the
provider's word: the matrices are illustrative, and the provider's own
HITRUST responsibility matrix decides (load it with `matrix:` in
scope.yaml).
"""
import glob
import json
import os
import sys

import yaml

PROVIDER_DOMAINS = {"18"}
SHARED_DOMAINS = {"03", "07", "08", "09", "16"}
SHARED_IDS = {"AIS.22", "AIS.24", "AIS.25"}

# id -> (responsibility, reason): every provider
COMMON = {
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

# Public documents, cited by id from the adjustments (titles as published;
# the project read them, it copies none of their text).
SOURCES = {
    "aws": [
        ("AWS-SRM", "AWS, \"Shared Responsibility Model\"",
         "https://aws.amazon.com/compliance/shared-responsibility-model/"),
        ("AWS-HITRUST", "AWS, \"HITRUST CSF\" compliance page (HITRUST inheritance program)",
         "https://aws.amazon.com/compliance/hitrust/"),
        ("AWS-NITRO", "AWS whitepaper, \"The Security Design of the AWS Nitro System\"",
         "https://docs.aws.amazon.com/whitepapers/latest/security-design-of-aws-nitro-system/"),
        ("AWS-KMS", "AWS, \"AWS Key Management Service Cryptographic Details\"",
         "https://docs.aws.amazon.com/kms/latest/cryptographic-details/"),
        ("AWS-SHIELD", "AWS WAF, Firewall Manager and Shield Advanced Developer Guide, \"How AWS Shield works\"",
         "https://docs.aws.amazon.com/waf/latest/developerguide/ddos-overview.html"),
        ("AWS-ENC", "Amazon S3 User Guide, \"Setting default server-side encryption behavior\"; Amazon EBS User Guide, \"Encryption by default\"; Amazon EC2 User Guide, \"Encryption in transit\"",
         "https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-encryption.html"),
        ("AWS-BACKUP", "AWS Backup Developer Guide, \"Copying backups\" (across Regions and accounts) and \"AWS Backup Vault Lock\"",
         "https://docs.aws.amazon.com/aws-backup/latest/devguide/recov-point-create-a-copy.html"),
        ("AWS-RDS", "Amazon RDS User Guide, \"Amazon RDS Extended Support\"",
         "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/extended-support.html"),
        ("AWS-VPC", "Amazon VPC User Guide, \"Default security groups for your VPCs\"",
         "https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html"),
        ("AWS-SSM", "AWS Systems Manager User Guide, \"AWS Systems Manager Session Manager\"",
         "https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager.html"),
        ("AWS-FIB", "AWS whitepaper, \"AWS Fault Isolation Boundaries\"",
         "https://docs.aws.amazon.com/whitepapers/latest/aws-fault-isolation-boundaries/abstract-and-introduction.html"),
    ],
    "azure": [
        ("AZ-SRM", "Microsoft Learn, \"Shared responsibility in the cloud\" (IaaS / PaaS / SaaS split)",
         "https://learn.microsoft.com/en-us/azure/security/fundamentals/shared-responsibility"),
        ("AZ-HITRUST", "Microsoft Learn, \"HITRUST\" compliance offering",
         "https://learn.microsoft.com/en-us/azure/compliance/offerings/offering-hitrust"),
        ("AZ-DDOS", "Microsoft Learn, \"About Azure DDoS Protection SKU Comparison\"",
         "https://learn.microsoft.com/en-us/azure/ddos-protection/ddos-protection-sku-comparison"),
        ("AZ-ENC", "Microsoft Learn, \"Azure Data Encryption at rest\" and \"Azure encryption overview\"",
         "https://learn.microsoft.com/en-us/azure/security/fundamentals/encryption-atrest"),
        ("AZ-VNETENC", "Microsoft Learn, \"What is Azure Virtual Network encryption?\"",
         "https://learn.microsoft.com/en-us/azure/virtual-network/virtual-network-encryption-overview"),
        ("AZ-KV", "Microsoft Learn, \"About keys\" (Key Vault software- and HSM-protected keys) and \"What is Azure Key Vault Managed HSM?\"",
         "https://learn.microsoft.com/en-us/azure/key-vault/managed-hsm/overview"),
        ("AZ-PAIRS", "Microsoft Learn, \"Azure region pairs and nonpaired regions\"",
         "https://learn.microsoft.com/en-us/azure/reliability/regions-paired"),
        ("AZ-BACKUP", "Microsoft Learn, Azure Backup \"Soft delete\", \"Immutable vault\", \"Multi-user authorization\" and backup storage redundancy",
         "https://learn.microsoft.com/en-us/azure/backup/backup-azure-security-feature-cloud"),
        ("AZ-SQL", "Microsoft Learn, \"What is Azure SQL Database?\" (a versionless, always-updated engine)",
         "https://learn.microsoft.com/en-us/azure/azure-sql/database/sql-database-paas-overview"),
        ("AZ-ENTRA", "Microsoft Learn, \"Protect user accounts from attacks with Microsoft Entra smart lockout\"",
         "https://learn.microsoft.com/en-us/entra/identity/authentication/howto-password-smart-lockout"),
        ("AZ-VM", "Microsoft Learn, \"Quickstart: Create a Linux virtual machine in the Azure portal\" (inbound port rules)",
         "https://learn.microsoft.com/en-us/azure/virtual-machines/linux/quick-create-portal"),
        ("AZ-CVM", "Microsoft Learn, \"About Azure confidential VMs\"",
         "https://learn.microsoft.com/en-us/azure/confidential-computing/confidential-vm-overview"),
    ],
    "gcp": [
        ("GCP-SRM", "Google Cloud Architecture Framework, \"Shared responsibilities and shared fate on Google Cloud\"",
         "https://cloud.google.com/architecture/framework/security/shared-responsibility-shared-fate"),
        ("GCP-HITRUST", "Google Cloud, \"HITRUST CSF\" compliance page",
         "https://cloud.google.com/security/compliance/hitrust"),
        ("GCP-ENC-REST", "Google Cloud, \"Default encryption at rest\"",
         "https://cloud.google.com/docs/security/encryption/default-encryption"),
        ("GCP-ENC-TRANSIT", "Google Cloud, \"Encryption in transit for Google Cloud\"",
         "https://cloud.google.com/docs/security/encryption-in-transit"),
        ("GCP-FW", "Google Cloud, \"VPC firewall rules\" (the pre-populated rules of the default network)",
         "https://cloud.google.com/firewall/docs/firewalls"),
        ("GCP-KMS", "Google Cloud, Cloud KMS \"Protection levels\" (software, Cloud HSM, Cloud EKM)",
         "https://cloud.google.com/kms/docs/protection-levels"),
        ("GCP-ARMOR", "Google Cloud, \"Cloud Armor Enterprise overview\" (Standard tier versus Cloud Armor Enterprise)",
         "https://cloud.google.com/armor/docs/armor-enterprise-overview"),
        ("GCP-SQL", "Google Cloud, Cloud SQL \"Cloud SQL backups overview\" (default multi-region backup location) and \"Choose your backup option\"",
         "https://cloud.google.com/sql/docs/mysql/backup-recovery/backups"),
        ("GCP-SQLVER", "Google Cloud, Cloud SQL \"Extended support for Cloud SQL\" and \"Database versions and version policies\"",
         "https://cloud.google.com/sql/docs/mysql/extended-support"),
        ("GCP-CVM", "Google Cloud, \"Confidential VM overview\"",
         "https://cloud.google.com/confidential-computing/confidential-vm/docs/about-cvm"),
    ],
}

# Per provider: id -> (responsibility, weight, reason, [source ids]).
AWS = {
    "09.10f.1": ("shared", 20, "new S3 objects are encrypted by default, but EBS volumes and RDS databases "
                 "are encrypted only where the customer turns it on", ["AWS-ENC"]),
    "09.10f.9": ("provider", 40, "by default a KMS key's material is generated and used only inside "
                 "FIPS-validated HSMs that AWS runs; imported material and custom key stores are the "
                 "customer's choice", ["AWS-KMS"]),
    "08.01n.5": ("shared", 60, "Shield Standard protects every account against the common layer 3 and 4 "
                 "attacks with no action; the customer adds layer 7 (AWS WAF) and Shield Advanced",
                 ["AWS-SHIELD"]),
    "16.09h.2": ("shared", 50, "Shield Standard protects every account against the common layer 3 "
                 "and 4 attacks with no action",
                 ["AWS-SHIELD"]),
    "08.01l.4": ("shared", 40, "a VPC's default security group admits inbound traffic only from members "
                 "of the same group; Session Manager reaches instances without an open inbound port",
                 ["AWS-VPC", "AWS-SSM"]),
    "AIS.22": ("shared", 40, "the Nitro System isolates instances in hardware and gives operators no "
               "access to customer memory", ["AWS-NITRO"]),
    "AIS.25": ("shared", 20, "traffic between supported Nitro instance types is encrypted automatically, "
               "not between every component", ["AWS-ENC", "AWS-NITRO"]),
    "07.10m.17": ("shared", 30, "RDS keeps the engine version the customer chose; a lapsed version "
                  "moves to paid extended support, not to a current one", ["AWS-RDS"]),
    "16.09l.3": ("shared", 30, "a copy in another Region exists only when the customer's backup plan "
                 "adds one", ["AWS-BACKUP"]),
    "16.12c.4": ("shared", 40, "each Region is its own fault-isolation boundary: a standby Region is "
                 "the customer's to choose, build and keep ready", ["AWS-FIB"]),
    "16.09l.7": ("shared", 40, "AWS Backup copies to another account and Region of the organisation, "
                 "with Vault Lock against deletion", ["AWS-BACKUP"]),
}
AZURE = {
    "09.10f.1": ("shared", 30, "Storage and managed disks are always encrypted at rest; VM temporary "
                 "disks and caches need encryption at host, which the customer enables", ["AZ-ENC"]),
    "09.10f.9": ("shared", 30, "Key Vault standard keys are software-protected; HSM protection needs the "
                 "Premium tier or Managed HSM, a customer choice", ["AZ-KV"]),
    "08.01n.5": ("shared", 30, "the free infrastructure protection guards the platform, not tuned to one "
                 "customer's application; per-resource tuning is a paid plan the customer enables",
                 ["AZ-DDOS"]),
    "16.09h.2": ("shared", 30, "as for 08.01n.5: per-resource DDoS tuning is a customer-enabled plan",
                 ["AZ-DDOS"]),
    "08.01l.4": ("shared", 30, "network security groups deny inbound by default, but the portal's VM "
                 "wizard offers to open SSH or RDP to the Internet", ["AZ-VM"]),
    "AIS.22": ("shared", 30, "hypervisor isolation by default; a confidential VM is a VM size the "
               "customer chooses", ["AZ-CVM", "AZ-SRM"]),
    "AIS.25": ("shared", 15, "Microsoft encrypts traffic leaving its data centres (MACsec); encryption "
               "inside a virtual network is an opt-in on supported VM sizes", ["AZ-ENC", "AZ-VNETENC"]),
    "07.10m.17": ("shared", 40, "Azure SQL Database has no version for the customer to keep current: "
                  "Microsoft updates the engine", ["AZ-SQL"]),
    "16.09l.3": ("provider", 40, "a Recovery Services vault is geo-redundant by default: every backup has "
                 "a copy in the paired region", ["AZ-BACKUP", "AZ-PAIRS"]),
    "16.09l.7": ("shared", 30, "cross-region restore from a geo-redundant vault once the customer "
                 "enables it; a copy in another subscription is the customer's to build", ["AZ-BACKUP"]),
    "08.01w.2": ("shared", 40, "vault soft delete is on by default; immutable vaults and multi-user "
                 "authorisation separate backup from production administrators", ["AZ-BACKUP"]),
    "16.12c.4": ("shared", 50, "in a paired region, geo-redundant services replicate to the pair, "
                 "platform updates roll one region of a pair at a time and recovery is prioritised "
                 "(a nonpaired region has none of this)",
                 ["AZ-PAIRS"]),
    "10.01r.12": ("shared", 20, "Microsoft Entra smart lockout is on for every tenant, against guessing "
                  "and stuffing of passwords; the customer's own sign-in pages stay its own",
                  ["AZ-ENTRA", "AZ-SRM"]),
}
GCP = {
    "09.10f.1": ("provider", 30, "all customer content at rest is encrypted by default, with no "
                 "customer action", ["GCP-ENC-REST"]),
    "AIS.24": ("provider", 40, "default encryption at rest covers AI data and artefacts as any other "
               "content", ["GCP-ENC-REST"]),
    "09.10f.9": ("shared", 30, "Cloud KMS keys are software-protected unless the customer chooses the "
                 "HSM protection level (Cloud HSM) or an external key manager", ["GCP-KMS"]),
    "08.01n.5": ("shared", 50, "services behind Google's external load balancers get always-on DDoS "
                 "protection; VMs with their own public address need the customer's Cloud Armor setup",
                 ["GCP-ARMOR"]),
    "16.09h.2": ("shared", 40, "as for 08.01n.5", ["GCP-ARMOR"]),
    "08.01l.4": ("shared", 20, "a project's default network comes with rules allowing SSH and RDP from "
                 "anywhere; the customer must remove them", ["GCP-FW"]),
    "08.09m.1": ("shared", 30, "the implied rules deny ingress, but the default network's pre-populated "
                 "rules allow SSH, RDP and ICMP from anywhere", ["GCP-FW"]),
    "AIS.22": ("shared", 30, "hypervisor isolation by default; Confidential VM is an option the "
               "customer enables when creating a VM", ["GCP-CVM"]),
    "AIS.25": ("shared", 30, "VM-to-VM traffic within a VPC network and between peered networks is "
               "encrypted by default, and traffic leaving Google's facilities always is",
               ["GCP-ENC-TRANSIT"]),
    "07.10m.17": ("shared", 30, "Cloud SQL keeps the major version the customer chose; after its "
                  "community end of life it moves to paid extended support, not to a current one",
                  ["GCP-SQLVER"]),
    "16.09l.3": ("shared", 40, "Cloud SQL keeps backups in a multi-region location by default",
                 ["GCP-SQL"]),
    "16.09l.7": ("shared", 30, "Cloud SQL standard backups stay in the instance's project; a copy in "
                 "another project (enhanced backups in a backup vault) is the customer's to set up",
                 ["GCP-SQL"]),
    "16.12c.4": ("shared", 40, "multi-region storage and databases exist, but failover of the "
                 "customer's workloads to another region is the customer's to build", ["GCP-SRM"]),
    "08.01w.2": ("shared", 30, "isolating backups from production administrators (enhanced backups "
                 "in a separate backup project, retention lock) is the customer's choice and design",
                 ["GCP-SQL", "GCP-SRM"]),
}

PROVIDERS = {
    "aws": ("Amazon Web Services", AWS),
    "azure": ("Microsoft Azure", AZURE),
    "gcp": ("Google Cloud", GCP),
}


LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when there


def statements(root):
    out = []
    for path in sorted(glob.glob(root + "/statements/*.yaml")):
        with open(path) as f:
            out.extend(yaml.load(f, Loader=LOADER)["statements"])
    return out


def base(st):
    sid, dom = st["id"], st["domain"]
    if sid in COMMON:
        return COMMON[sid]
    if dom in PROVIDER_DOMAINS:
        return ("provider", "")
    if dom in SHARED_DOMAINS or sid in SHARED_IDS:
        return ("shared", "")
    return ("customer", "")


def check(name, adjust, by_id):
    ids = {s for s, _, _ in SOURCES[name]}
    for sid, (resp, w, reason, srcs) in adjust.items():
        st = by_id.get(sid)
        if st is None or not st.get("inheritable", 0):
            sys.exit(f"gen-providers: {name}: {sid} is not an inheritable statement of the catalog")
        if st.get("oversight"):
            sys.exit(f"gen-providers: {name}: {sid} is the customer's own oversight")
        if resp not in ("provider", "shared", "customer") or not 0 <= w <= st["inheritable"]:
            sys.exit(f"gen-providers: {name}: {sid}: {resp} {w} (inheritable {st['inheritable']})")
        if resp == "customer" and w:
            sys.exit(f"gen-providers: {name}: {sid}: a customer statement has weight 0")
        for s in srcs:
            if s not in ids:
                sys.exit(f"gen-providers: {name}: {sid} cites unknown source {s}")


def main(root="controls", out=None):
    out = out or os.path.join(root, "providers")
    every = statements(root)
    rows = [st for st in every if st.get("inheritable", 0)]
    by_id = {st["id"]: st for st in rows}
    all_ids = {st["id"] for st in every}
    for sid in COMMON:
        if sid not in all_ids:
            sys.exit(f"gen-providers: {sid} (COMMON) is not in the catalog")
    for name, (title, adjust) in PROVIDERS.items():
        check(name, adjust, by_id)
        lines = [
            f"# {title}: what a customer may inherit, per statement (controls/providers/{name}.yaml).",
            "#",
            "# ILLUSTRATIVE. Written by the hitrust-assess project from the provider's public",
            "# shared-responsibility documentation; it makes no claim about which controls",
            "# the provider's HITRUST certification covers. The provider's own HITRUST",
            "# responsibility matrix decides: load it instead with `matrix: FILE` under the",
            "# provider in scope.yaml (a CSV requirement,responsibility,weight; see",
            "# docs/deliverable.md).",
            "#",
            "# GENERATED by scripts/gen-providers.py: do not edit; change the script (its base",
            "# rule, shared by the three providers, and this provider's adjustments, each with",
            "# its reason and sources) and run it again. A statement not listed is the",
            "# customer's. weight: the largest percent a customer may inherit, never above",
            "# the catalog's `inheritable`. A line ending in [SOURCE-ID, ...] is this",
            "# provider's own judgement (the reason follows the title); the others follow",
            "# the base rule.",
            "provider:",
            f"  name: {name}",
            f"  title: {json.dumps(title)}",
            "  basis: illustrative",
            "  sources:",
        ] + [f"    - {json.dumps(f'{sid}: {t}, {u}', ensure_ascii=False)}" for sid, t, u in SOURCES[name]] + [
            "statements:",
        ]
        for st in rows:
            sid, cap = st["id"], st["inheritable"]
            if sid in adjust:
                resp, w, reason, srcs = adjust[sid]
                note = f"{st['title']} -- {reason} [{', '.join(srcs)}]"
            else:
                resp, reason = base(st)
                w = cap if resp != "customer" else 0
                note = st["title"] + (f" -- {reason}" if reason else "")
            lines.append(f"  - {{ id: {json.dumps(sid)}, responsibility: {resp}, weight: {w} }}   # {note}")
        with open(os.path.join(out, f"{name}.yaml"), "w") as f:
            f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main(*sys.argv[1:])
