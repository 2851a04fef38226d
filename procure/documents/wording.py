"""Every sentence the builder writes around the clauses, in French and in English.

French is the text that goes to bidders; English is a faithful working
translation. Kept here, in one table, so that legal staff can review the
wording in one place.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from procure.labels import label_in

TEXTS: dict[str, tuple[str, str]] = {
    # -- parts and covers ------------------------------------------------
    "part.rc": ("Règlement de la consultation", "Instructions to bidders"),
    "part.ccap": (
        "Cahier des clauses administratives particulières",
        "Special administrative conditions",
    ),
    "part.cctp": (
        "Cahier des clauses techniques particulières",
        "Special technical specifications",
    ),
    "part.note": (
        "Note de justification des choix d'achat responsable",
        "Justification note on the responsible-purchasing choices",
    ),
    "cover.rc": (
        "Règlement de la consultation (RC) — clauses sociales et environnementales",
        "Instructions to bidders (RC) — social and environmental clauses",
    ),
    "cover.ccap": (
        "Cahier des clauses administratives particulières (CCAP) — "
        "clauses sociales et environnementales",
        "Special administrative conditions (CCAP) — social and environmental clauses",
    ),
    "cover.cctp": (
        "Cahier des clauses techniques particulières (CCTP) — "
        "clauses sociales et environnementales",
        "Special technical specifications (CCTP) — social and environmental clauses",
    ),
    "cover.note": (
        "Note de justification des choix d'achat responsable",
        "Justification note on the responsible-purchasing choices",
    ),
    "cover.combined": (
        "Clauses sociales et environnementales — dossier de consultation",
        "Social and environmental clauses — tender dossier",
    ),
    "cover.reference": ("Référence : {value}", "Reference: {value}"),
    "cover.date": ("Date : {value}", "Date: {value}"),
    "cover.draft": (
        "Projet établi avec procure à partir de la bibliothèque de clauses. "
        "Relisez-le et adaptez-le au marché avant toute publication.",
        "Draft prepared with procure from the clause library. "
        "Review it and adapt it to the contract before publishing anything.",
    ),
    "toc.title": ("Sommaire", "Contents"),
    "toc.placeholder": (
        "Mettez à jour la table des matières pour l'afficher "
        "(clic droit, « Mettre à jour les champs »).",
        "Update the table of contents to show it (right-click, “Update Field”).",
    ),
    "header.reference": ("Réf. {reference}", "Ref. {reference}"),
    "header.draft": ("Projet — non conforme", "Draft — not compliant"),
    "footer.page": ("Page {page} sur {pages}", "Page {page} of {pages}"),
    # -- règlement de la consultation ------------------------------------
    "rc.intro": (
        "Les dispositions qui suivent sont à reprendre dans le règlement de la consultation. "
        "Elles fixent les critères d'attribution et leur pondération, la manière dont chaque "
        "critère est apprécié et les pièces que les candidats remettent au titre des "
        "engagements sociaux et environnementaux.",
        "The provisions below are to be copied into the instructions to bidders. They set "
        "the award criteria and their weighting, how each criterion is assessed and the "
        "documents bidders submit for the social and environmental commitments.",
    ),
    "rc.reserved": (
        "Réservation du marché et conditions de participation",
        "Reservation of the contract and conditions of participation",
    ),
    "rc.reserved.basis": ("Fondement de la réservation : {articles}.", "Legal basis: {articles}."),
    "rc.reserved.evidence": ("Contrôle des conditions : ", "How the conditions are checked: "),
    "rc.reserved.notice": ("Publicité de la réservation", "Notice of the reservation"),
    "rc.reserved.notice.r2113_7": (
        "Conformément à l'{article}, la décision de "
        "procéder à cette réservation est mentionnée dans l'avis d'appel à la concurrence "
        "ou, en l'absence d'avis, dans le présent règlement de la consultation.",
        "In accordance with {article}, the "
        "decision to make this reservation is stated in the contract notice or, where there "
        "is no notice, in these instructions to bidders.",
    ),
    "rc.reserved.notice.ess": (
        "La réservation prévue à l'{article} est "
        "mentionnée dans l'avis d'appel à la concurrence ou, en l'absence d'avis, dans le "
        "présent règlement de la consultation.",
        "The reservation under {article} is "
        "stated in the contract notice or, where there is no notice, in these instructions "
        "to bidders.",
    ),
    "rc.reserved.notice.plain": (
        "La décision de procéder à cette réservation est mentionnée dans l'avis d'appel à la "
        "concurrence ou, en l'absence d'avis, dans le présent règlement de la consultation.",
        "The decision to make this reservation is stated in the contract notice or, where "
        "there is no notice, in these instructions to bidders.",
    ),
    "rc.reserved.eforms": (
        "Dans l'avis publié au format eForms, déclarez la participation réservée "
        "(BT-71) avec le code {codes}.",
        "In the notice published in the eForms format, declare reserved participation "
        "(BT-71) with the code {codes}.",
    ),
    "rc.criteria": ("Critères d'attribution et pondération", "Award criteria and weighting"),
    "rc.criteria.lead": (
        "L'offre économiquement la plus avantageuse est choisie au regard des critères "
        "pondérés suivants :",
        "The most economically advantageous tender is chosen on the following weighted criteria:",
    ),
    "rc.criteria.by_lot": (
        "Chaque lot est attribué séparément, selon les critères et la pondération "
        "indiqués ci-dessous pour ce lot.",
        "Each lot is awarded separately, on the criteria and weighting given below for that lot.",
    ),
    "rc.criteria.all_lots": (
        "Chaque lot est attribué séparément, selon les mêmes critères et la même pondération.",
        "Each lot is awarded separately, on the same criteria and weighting.",
    ),
    "rc.lots.one": ("Lot {lots}", "Lot {lots}"),
    "rc.lots.many": ("Lots {lots}", "Lots {lots}"),
    "rc.criteria.none": (
        "Aucun critère d'attribution n'a encore été défini pour ce marché.",
        "No award criterion has been defined for this contract yet.",
    ),
    "rc.criteria.total": ("Total", "Total"),
    "table.criterion": ("Critère", "Criterion"),
    "table.weight": ("Pondération", "Weight"),
    "rc.subcriterion.weight": (
        "{weight} du critère, soit {points} points",
        "{weight} of the criterion, i.e. {points} points",
    ),
    "rc.assessment": ("Appréciation des critères", "How the criteria are assessed"),
    "rc.criterion.heading": ("{label} ({weight})", "{label} ({weight})"),
    "rc.criterion.heading.lots": ("{lots} — {heading}", "{lots} — {heading}"),
    "rc.price.method.proportional": (
        "Le prix est noté sur {points} points selon la formule : note = {points} × "
        "(montant de l'offre la moins disante ÷ montant de l'offre examinée). Le montant "
        "pris en compte est le montant total hors taxes de l'offre.",
        "Price is scored out of {points} points with the formula: score = {points} × "
        "(amount of the lowest tender ÷ amount of the tender examined). The amount "
        "considered is the total amount of the tender excluding VAT.",
    ),
    "rc.price.method.linear": (
        "Le prix est noté sur {points} points selon la formule : note = {points} × "
        "(2 − montant de l'offre examinée ÷ montant de l'offre la moins disante). L'offre "
        "la moins disante obtient {points} points ; une offre d'un montant égal ou "
        "supérieur au double de celui-ci obtient zéro point. Le montant pris en compte est "
        "le montant total hors taxes de l'offre.",
        "Price is scored out of {points} points with the formula: score = {points} × "
        "(2 − amount of the tender examined ÷ amount of the lowest tender). The lowest "
        "tender gets {points} points; a tender of twice that amount or more gets zero "
        "points. The amount considered is the total amount of the tender excluding VAT.",
    ),
    "rc.technical.method": (
        "Ce critère est noté sur {points} points au vu du mémoire technique remis avec l'offre.",
        "This criterion is scored out of {points} points on the basis of the technical "
        "statement submitted with the tender.",
    ),
    "rc.clause.method": (
        "Ce critère est noté sur {points} points selon les modalités suivantes.",
        "This criterion is scored out of {points} points as follows.",
    ),
    "rc.subcriteria.lead": (
        "La note du critère se répartit entre les sous-critères suivants :",
        "The criterion score is divided between the following sub-criteria:",
    ),
    "rc.subcriterion.item": (
        "{label} : {weight} de la note du critère ({points} points)",
        "{label}: {weight} of the criterion score ({points} points)",
    ),
    "clause.diverges": (
        "Le texte anglais de cette clause a été adapté par l'acheteur ; ce texte français "
        "est celui de la bibliothèque et ne reflète pas l'adaptation.",
        "The French text of this clause was adapted by the buyer; this English text is the "
        "library's translation and does not reflect the adaptation.",
    ),
    "rc.unweighted": (
        "Ce critère ne figure pas encore dans le tableau des critères : fixez sa "
        "pondération avant publication.",
        "This criterion is not yet in the criteria table: set its weight before publication.",
    ),
    "rc.selection": ("Capacités des candidats", "Bidders' capacities"),
    "rc.verification": (
        "Vérification des engagements pris dans l'offre",
        "How the commitments made in the tender are checked",
    ),
    "rc.verification.lead": (
        "Les engagements que les candidats prennent dans leur offre au titre des critères "
        "sociaux et environnementaux sont vérifiés comme suit, à l'analyse des offres puis, "
        "pour l'attributaire, pendant l'exécution du marché. Les pièces à remettre sont "
        "celles que demande chaque critère ci-dessus.",
        "The commitments bidders make in their tenders under the social and environmental "
        "criteria are checked as follows, when the tenders are assessed and then, for the "
        "successful bidder, while the contract is performed. The documents to submit are "
        "those each criterion above asks for.",
    ),
    "rc.lots": ("Allotissement", "Division into lots"),
    "rc.lots.lead": (
        "Le marché est divisé en {count} lots, attribués chacun séparément ({article}). "
        "Un candidat peut répondre à un ou plusieurs lots ; il remet une offre distincte "
        "pour chaque lot.",
        "The contract is divided into {count} lots, each awarded separately ({article}). "
        "A bidder may tender for one or more lots; it submits a separate tender for each lot.",
    ),
    "rc.lot.heading": ("Lot n° {number} : {title}", "Lot No {number}: {title}"),
    "rc.lot.cpv": ("Code CPV principal : {cpv}", "Main CPV code: {cpv}"),
    "rc.lot.value": ("Montant estimé HT : {value}", "Estimated value excl. VAT: {value}"),
    "rc.lot.duration": ("Durée : {months} mois", "Duration: {months} months"),
    "rc.lot.reserved": (
        "Lot réservé : {reservations} (voir « {heading} »).",
        "Reserved lot: {reservations} (see “{heading}”).",
    ),
    "rc.lot.criteria": (
        "Critères d'attribution du lot et leur pondération :",
        "Award criteria of the lot and their weighting:",
    ),
    "rc.lot.criterion": ("{label} : {weight}", "{label}: {weight}"),
    "rc.lot.criteria.none": (
        "Les critères d'attribution de ce lot restent à fixer.",
        "The award criteria of this lot are still to be set.",
    ),
    "rc.unsplit": ("Absence d'allotissement", "Contract not divided into lots"),
    "rc.unsplit.reason": (
        "Le marché n'est pas divisé en lots ({article}) pour le motif suivant : {reason}",
        "The contract is not divided into lots ({article}) for the following reason: {reason}",
    ),
    "rc.unsplit.none": (
        "Le marché n'est pas divisé en lots ({article}). Aucun motif n'a été indiqué : "
        "l'acheteur doit motiver ce choix dans les documents de la consultation.",
        "The contract is not divided into lots ({article}). No reason was given: the buyer "
        "must state the reason for this choice in the consultation documents.",
    ),
    "lots.one": ("Lot concerné : lot {lots}", "Applies to lot {lots}"),
    "lots.many": ("Lots concernés : lots {lots}", "Applies to lots {lots}"),
    "lots.all": ("Tous les lots", "All lots"),
    "points": ("{points} points", "{points} points"),
    # -- CCAP -------------------------------------------------------------
    "ccap.definitions": ("Définitions", "Definitions"),
    "ccap.definitions.lead": (
        "Dans le présent dossier, les termes suivants, employés par ses clauses, ont le sens "
        "indiqué ci-après.",
        "In this tender file, the following terms, used in its clauses, have the meaning "
        "given below.",
    ),
    "ccap.definitions.is": ("\u202f: ", ": "),  # after the bold term: typeset cannot see it
    "ccap.definitions.source": ("Fondement : {source}.", "Legal basis: {source}."),
    "ccap.intro": (
        "Les articles qui suivent complètent le cahier des clauses administratives "
        "particulières. Ils fixent les conditions d'exécution sociales et "
        "environnementales du marché, la manière d'en rendre compte et les pénalités "
        "applicables.",
        "The articles below supplement the special administrative conditions. They set "
        "the social and environmental performance conditions of the contract, how they "
        "are reported on and the penalties that apply.",
    ),
    "ccap.conditions": (
        "Conditions d'exécution sociales et environnementales",
        "Social and environmental performance conditions",
    ),
    "ccap.conditions.lead": (
        "Ces conditions s'imposent au titulaire, et le cas échéant à ses sous-traitants, "
        "pendant toute la durée du marché.",
        "These conditions bind the contractor, and where relevant its subcontractors, "
        "throughout the term of the contract.",
    ),
    "ccap.conditions.none": (
        "Aucune condition d'exécution sociale ou environnementale n'a été retenue.",
        "No social or environmental performance condition has been chosen.",
    ),
    "ccap.evidence": ("Justificatifs et contrôle : ", "Evidence and checks: "),
    "ccap.monitoring": ("Suivi et compte rendu", "Monitoring and reporting"),
    "ccap.kpi.lead": (
        "Le titulaire rend compte à l'acheteur des indicateurs suivants, à la fréquence indiquée :",
        "The contractor reports to the buyer on the following indicators, at the stated frequency:",
    ),
    "ccap.monitoring.none": (
        "Aucun indicateur de suivi n'est demandé au titulaire.",
        "The contractor is not asked to report on any indicator.",
    ),
    "table.indicator": ("Indicateur", "Indicator"),
    "table.unit": ("Unité", "Unit"),
    "table.frequency": ("Fréquence", "Frequency"),
    "table.clause": ("Clause", "Clause"),
    "ccap.penalties": ("Pénalités", "Penalties"),
    "ccap.penalties.lead": (
        "Le manquement aux engagements sociaux et environnementaux expose le titulaire "
        "aux pénalités suivantes, qui s'ajoutent aux autres pénalités prévues par le "
        "marché :",
        "Failure to meet the social and environmental commitments exposes the contractor "
        "to the following penalties, in addition to the other penalties provided for in "
        "the contract:",
    ),
    "ccap.penalties.none": (
        "Aucune pénalité particulière n'est attachée aux clauses sociales et environnementales.",
        "No specific penalty is attached to the social and environmental clauses.",
    ),
    # -- CCTP -------------------------------------------------------------
    "cctp.intro": (
        "Les spécifications qui suivent complètent le cahier des clauses techniques "
        "particulières. Elles décrivent les caractéristiques attendues au titre du "
        "développement durable, dans ses dimensions sociale et environnementale.",
        "The specifications below supplement the special technical specifications. They "
        "describe the characteristics required for sustainable development, in its social "
        "and environmental dimensions.",
    ),
    "cctp.specifications": ("Spécifications techniques", "Technical specifications"),
    "cctp.labels": (
        "Lorsqu'une spécification renvoie à un label, tout label équivalent est accepté, "
        "ainsi que tout autre moyen de preuve approprié, tel qu'un dossier technique du "
        "fabricant ou un rapport d'essai établi par un organisme reconnu.",
        "Where a specification refers to a label, any equivalent label is accepted, as is "
        "any other appropriate means of proof, such as the manufacturer's technical file "
        "or a test report from a recognised body.",
    ),
    "cctp.evidence": ("Moyens de preuve : ", "Means of proof: "),
    # -- justification note ----------------------------------------------
    "note.intro": (
        "Cette note interne retrace les choix faits pour intégrer des considérations "
        "sociales et environnementales à l'achat, leur fondement juridique et les "
        "contrôles effectués. Elle est conservée au dossier du marché et n'est pas jointe "
        "aux documents de la consultation.",
        "This internal note records the choices made to build social and environmental "
        "considerations into the purchase, their legal basis and the checks carried out. "
        "It is kept on the contract file and is not published with the procurement "
        "documents.",
    ),
    "note.purchase": ("L'achat", "The purchase"),
    "note.purchase.organisation": ("Acheteur", "Buyer"),
    "note.purchase.title": ("Intitulé", "Title"),
    "note.purchase.reference": ("Référence", "Reference"),
    "note.purchase.subject": ("Objet", "Subject"),
    "note.purchase.contract_type": ("Type de marché", "Contract type"),
    "note.purchase.cpv": ("Codes CPV", "CPV codes"),
    "note.purchase.value": (
        "Montant estimé HT (toutes périodes comprises)",
        "Estimated value excl. VAT (all periods included)",
    ),
    "note.purchase.duration": ("Durée", "Duration"),
    "note.purchase.months": ("{months} mois", "{months} months"),
    "note.purchase.lots": ("Lots", "Lots"),
    "note.purchase.lots.none": ("Marché non alloti", "Not divided into lots"),
    "note.purchase.lot": (
        "Lot n° {number} : {title} ({value})",
        "Lot No {number}: {title} ({value})",
    ),
    "note.purchase.procedure": ("Procédure", "Procedure"),
    "note.purchase.launch": ("Lancement prévu", "Planned launch"),
    "note.purchase.labour": ("Part de main-d'œuvre", "Labour share"),
    "note.purchase.ambition": ("Niveau d'ambition", "Level of ambition"),
    "note.purchase.spaser": ("SPASER adopté", "SPASER adopted"),
    "note.field": ("Élément", "Item"),
    "note.value": ("Valeur", "Value"),
    "yes": ("oui", "yes"),
    "no": ("non", "no"),
    "note.clauses": ("Clauses retenues et motifs", "Clauses chosen and why"),
    "note.clauses.lead": (
        "Le tableau suivant présente chaque clause retenue, sa nature, la raison de son "
        "choix et son fondement juridique.",
        "The table below shows each clause chosen, its kind, why it was chosen and its "
        "legal basis.",
    ),
    "note.clauses.none": ("Aucune clause n'a été retenue.", "No clause has been chosen."),
    "table.kind": ("Nature", "Kind"),
    "table.origin": ("Origine", "Origin"),
    "table.reason": ("Motif", "Reason"),
    "table.legal": ("Fondement juridique", "Legal basis"),
    "note.reason.none": ("Motif non renseigné", "No reason recorded"),
    "note.clause.version": ("version {version}", "version {version}"),
    "note.clause.adapted": (
        "Rédaction adaptée par l'acheteur à partir de la version {version} de la bibliothèque.",
        "Wording adapted by the buyer from version {version} of the library.",
    ),
    "note.unconfirmed": (" (à confirmer)", " (to be confirmed)"),
    "note.unconfirmed.legend": (
        "Les références suivies de la mention « à confirmer » n'ont pas été revérifiées "
        "dans les textes officiels : faites-les valider par le service juridique avant "
        "publication.",
        "References marked “to be confirmed” have not been checked again against the "
        "official texts: have legal staff confirm them before publication.",
    ),
    "note.criteria": ("Critères d'attribution retenus", "Award criteria chosen"),
    "note.compliance": ("Contrôle de conformité", "Compliance check"),
    "note.compliance.summary": (
        "Règles examinées : {total} — respectées : {passed} ; non respectées : {failed} ; "
        "écarts justifiés : {justified} ; sans objet : {na}.",
        "Rules examined: {total} — met: {passed}; not met: {failed}; justified departures: "
        "{justified}; not applicable: {na}.",
    ),
    "note.compliance.none": (
        "Aucun résultat de contrôle de conformité n'accompagne ce dossier.",
        "No compliance check result accompanies this file.",
    ),
    "note.compliance.blocking": (
        "Au moins une règle bloquante n'est pas respectée : le dossier ne doit pas être "
        "publié en l'état.",
        "At least one blocking rule is not met: the file must not be published as it stands.",
    ),
    "table.rule": ("Règle", "Rule"),
    "table.severity": ("Niveau", "Level"),
    "table.outcome": ("Résultat", "Outcome"),
    "table.explanation": ("Explication", "Explanation"),
    "note.compliance.justification": ("Justification de l'acheteur : ", "Buyer's reason: "),
    "note.compliance.action": ("À faire : ", "To do: "),
    "note.compliance.unverified": (
        "Règle fondée sur des informations à confirmer.",
        "Rule based on information still to be confirmed.",
    ),
    "note.insertion": ("Calcul des heures d'insertion", "Integration hours computation"),
    "note.insertion.lead": (
        "Le volume d'heures réservé à l'insertion se calcule ainsi : montant estimé HT × "
        "part de main-d'œuvre × taux d'insertion ÷ coût horaire moyen chargé.",
        "The number of hours reserved for integration is computed as: estimated value "
        "excl. VAT × labour share × integration rate ÷ average fully-loaded hourly cost.",
    ),
    "note.insertion.clause": ("{title}", "{title}"),
    "note.insertion.clause.lot": ("{title} — lot n° {lot}", "{title} — lot No {lot}"),
    "table.step": ("Étape", "Step"),
    "table.computation": ("Calcul", "Computation"),
    "table.result": ("Résultat", "Result"),
    "note.insertion.value": ("Montant estimé du marché HT", "Estimated contract value excl. VAT"),
    "note.insertion.value.lot": ("Montant estimé du lot HT", "Estimated lot value excl. VAT"),
    "note.insertion.labour": ("Part de main-d'œuvre", "Labour share"),
    "note.insertion.rate": ("Taux d'insertion", "Integration rate"),
    "note.insertion.cost": ("Coût horaire moyen chargé", "Average fully-loaded hourly cost"),
    "note.insertion.rounded": ("Arrondi à l'heure", "Rounded to the hour"),
    "note.insertion.chosen": (
        "Heures inscrites dans la clause : {hours}.",
        "Hours written in the clause: {hours}.",
    ),
    "note.insertion.differs": (
        "Le nombre d'heures inscrit dans la clause ({chosen}) diffère du calcul "
        "({computed}) : vérifiez la valeur retenue ou consignez la raison de l'écart.",
        "The number of hours written in the clause ({chosen}) differs from the "
        "computation ({computed}): check the value or record why it differs.",
    ),
    "note.insertion.assumed_cost": (
        "Coût horaire non renseigné : la valeur usuelle de {cost} par heure a été retenue.",
        "No hourly cost recorded: the usual value of {cost} per hour has been used.",
    ),
    "note.insertion.no_labour": (
        "La part de main-d'œuvre n'est pas renseignée : le calcul ne peut pas aboutir. "
        "Indiquez-la dans le questionnaire de l'achat.",
        "The labour share has not been given, so the computation cannot be made. Enter it "
        "in the purchase questionnaire.",
    ),
    "note.insertion.none": (
        "Aucune clause d'insertion exprimée en heures de travail n'a été retenue.",
        "No integration clause expressed in working hours has been chosen.",
    ),
    "note.eforms": ("Codes eForms à déclarer", "eForms codes to declare"),
    "note.eforms.lead": (
        "Les codes suivants se déduisent des clauses retenues. Reportez-les dans l'avis "
        "de marché publié au format eForms.",
        "The following codes follow from the clauses chosen. Enter them in the contract "
        "notice published in the eForms format.",
    ),
    "table.field": ("Champ", "Field"),
    "table.codes": ("Codes", "Codes"),
    "table.meaning": ("Signification", "Meaning"),
    "eforms.BT-06": ("BT-06 — Achat stratégique", "BT-06 — Strategic procurement"),
    "eforms.BT-774": ("BT-774 — Achat écologique", "BT-774 — Green procurement"),
    "eforms.BT-775": ("BT-775 — Achat social", "BT-775 — Social procurement"),
    "eforms.BT-805": (
        "BT-805 — Critères d'achat écologique (GPP)",
        "BT-805 — Green procurement criteria",
    ),
    "eforms.BT-71": ("BT-71 — Participation réservée", "BT-71 — Reserved participation"),
    "eforms.bt805.unknown": (
        "Aucune clause ne précise de quel référentiel de critères écologiques (GPP) elle "
        "relève : indiquez vous-même le champ BT-805 dans l'avis.",
        "No clause says which set of green procurement (GPP) criteria it follows: fill in "
        "BT-805 yourself in the notice.",
    ),
    "eforms.empty": ("aucun code", "no code"),
    "eforms.bt777": (
        "Le champ BT-06 contient un code autre que « none » : le champ BT-777 "
        "(description de l'achat stratégique, 6\u202f000 caractères au plus) doit donc être "
        "renseigné dans l'avis. Texte proposé, à adapter :",
        "BT-06 holds a code other than “none”, so BT-777 (description of the strategic "
        "procurement, at most 6,000 characters) must be filled in in the notice. "
        "Suggested text, to adapt:",
    ),
    "eforms.bt777.none": (
        "Aucune clause ne justifie de code BT-06 : déclarez « none » ; le champ BT-777 "
        "ne doit alors pas être rempli.",
        "No clause calls for a BT-06 code: declare “none”; BT-777 must then be left empty.",
    ),
}

# eForms codes, explained in our own words (not vocabularies of ours: ``procure.labels``
# names those).
EFORMS_CODES: dict[str, dict[str, tuple[str, str]]] = {
    "BT-06": {
        "env-imp": ("Réduire les incidences sur l'environnement", "Lower environmental impact"),
        "soc-obj": ("Poursuivre des objectifs sociaux", "Pursue social objectives"),
        "inn-pur": ("Achat innovant", "Innovative purchase"),
        "none": ("Pas d'achat stratégique", "No strategic procurement"),
    },
    "BT-774": {
        "biodiv-eco": (
            "Protéger et restaurer la biodiversité et les écosystèmes",
            "Protect and restore biodiversity and ecosystems",
        ),
        "circ-econ": ("Aller vers une économie circulaire", "Move to a circular economy"),
        "clim-adapt": ("S'adapter au changement climatique", "Adapt to climate change"),
        "clim-mitig": ("Atténuer le changement climatique", "Mitigate climate change"),
        "pollu-prev": ("Prévenir et réduire la pollution", "Prevent and control pollution"),
        "water-mar": (
            "Utiliser durablement et protéger l'eau et les ressources marines",
            "Use water and marine resources sustainably and protect them",
        ),
        "other": ("Autre objectif environnemental", "Other environmental objective"),
    },
    "BT-775": {
        "acc-all": ("Accessibilité pour tous", "Accessibility for everyone"),
        "et-eq": ("Égalité sans distinction d'origine", "Ethnic equality"),
        "gen-eq": ("Égalité entre les femmes et les hommes", "Equality between women and men"),
        "hum-right": (
            "Vigilance sur les droits humains dans les chaînes d'approvisionnement",
            "Human-rights due diligence in supply chains",
        ),
        "opp": (
            "Emploi de personnes éloignées de l'emploi, défavorisées ou handicapées",
            "Jobs for people far from work, disadvantaged or disabled",
        ),
        "work-cond": ("Conditions de travail équitables", "Fair working conditions"),
        "other": ("Autre objectif social", "Other social objective"),
    },
    "BT-805": {
        "eu": ("Critères GPP de l'Union européenne", "EU GPP criteria"),
        "national": ("Critères GPP nationaux", "National GPP criteria"),
        "other": ("Autres critères GPP", "Other GPP criteria"),
        "none": ("Aucun critère GPP", "No GPP criteria"),
    },
    "BT-71": {
        "none": ("Pas de participation réservée", "No reserved participation"),
        "res-ws": (
            "Réservé aux structures employant des travailleurs handicapés ou défavorisés "
            "(EA, ESAT, SIAE)",
            "Reserved for operators employing disabled or disadvantaged workers (EA, ESAT, SIAE)",
        ),
        "res-pub-ser": (
            "Réservé aux organisations investies d'une mission de service public "
            "(services sociaux, culturels ou de santé)",
            "Reserved for organisations with a public-service mission "
            "(health, social or cultural services)",
        ),
    },
}


class Wording:
    """The builder's sentences in one language: ``say("rc.criteria")``."""

    def __init__(self, language: str) -> None:
        self.language = language
        self._index = 0 if language == "fr" else 1

    def __call__(self, key: str, **values: Any) -> str:
        text = TEXTS[key][self._index]
        return text.format(**values) if values else text

    def label(self, vocabulary: type[StrEnum], value: str) -> str:
        """The label of a vocabulary value; the value itself when it has none."""
        return label_in(vocabulary, value, self.language)

    def code(self, field: str, value: str) -> str:
        """What an eForms code of ``field`` (``BT-774``…) means; the code itself when unknown."""
        pair = EFORMS_CODES[field].get(value)
        return pair[self._index] if pair else value
