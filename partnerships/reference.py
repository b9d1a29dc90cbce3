"""Reference data of the reform tracker and the Partnerships Office.

The proposals of the Panel of Eminent Persons (A/58/817) that the
Secretary-General's report (A/59/354, /work/shared/seeds) cites appear with
short working titles and the paragraphs citing them; those it does not cite
appear by number only. Staff edit them as data.
"""

UNITS = [
    ("ngo-policy", "NGO Policy Unit", "Policy on the Organisation's relations with NGOs and the reform agenda."),
    ("ngo-liaison", "NGO Liaison Service", "Information and outreach to NGOs; support to country teams."),
    ("accreditation", "Accreditation Unit", "Accreditation, consultative status and quadrennial reports."),
    ("elected-reps", "Elected Representatives Liaison Unit", "Parliamentarians, local authorities and their "
                                                             "associations."),
    # The Partnerships Office's core (¶48) and its private-sector unit (¶51).
    ("global-compact", "Global Compact Office", "The engagement of business in the Organisation's principles "
                                                "through the Global Compact."),
    ("unfip", "United Nations Fund for International Partnerships (UNFIP)",
     "Partnerships with foundations and the private sector that fund the Organisation's work."),
    ("private-sector", "Private Sector Unit", "Relations with businesses and business associations."),
]

# (position, topic, keyword, unit code)
ROUTING_RULES = [
    (10, "", "quadrennial", "accreditation"),
    (20, "accreditation", "", "accreditation"),
    (21, "quadrennial", "", "accreditation"),
    (30, "elected", "", "elected-reps"),
    (31, "", "parliament", "elected-reps"),
    (32, "", "mayor", "elected-reps"),
    (33, "", "global compact", "global-compact"),
    (34, "", "unfip", "unfip"),
    (35, "", "foundation", "unfip"),
    (36, "private_sector", "", "private-sector"),
    (37, "", "business", "private-sector"),
    (40, "policy", "", "ngo-policy"),
    (50, "meetings", "", "ngo-liaison"),
    (51, "information", "", "ngo-liaison"),
    (52, "country", "", "ngo-liaison"),
    (999, "", "", "ngo-liaison"),
]

# UN entities (code, name, kind): funds and programmes, specialised agencies,
# regional commissions, and the UN Development Group that coordinates them.
AGENCIES = [
    ("undp", "United Nations Development Programme", "fund_programme"),
    ("unicef", "United Nations Children's Fund", "fund_programme"),
    ("unfpa", "United Nations Population Fund", "fund_programme"),
    ("wfp", "World Food Programme", "fund_programme"),
    ("unhcr", "Office of the UN High Commissioner for Refugees", "fund_programme"),
    ("unaids", "Joint UN Programme on HIV/AIDS", "fund_programme"),
    ("unhabitat", "United Nations Human Settlements Programme (UN-Habitat)", "fund_programme"),
    ("who", "World Health Organization", "specialised_agency"),
    ("fao", "Food and Agriculture Organization", "specialised_agency"),
    ("unesco", "UN Educational, Scientific and Cultural Organization", "specialised_agency"),
    ("ilo", "International Labour Organization", "specialised_agency"),
    ("eca", "Economic Commission for Africa", "regional_commission"),
    ("ece", "Economic Commission for Europe", "regional_commission"),
    ("eclac", "Economic Commission for Latin America and the Caribbean", "regional_commission"),
    ("escap", "Economic and Social Commission for Asia and the Pacific", "regional_commission"),
    ("escwa", "Economic and Social Commission for Western Asia", "regional_commission"),
    ("undg", "United Nations Development Group", "coordination"),
]

# The paragraphs of A/59/354 that cite each proposal by number (¶4 cites "the
# Panel's first proposal"), and the Secretary-General's position there:
# agrees / will_act / will_review / member_states / not_accepted.
# Proposals 2, 4, 8, 9, 17, 18, 19, 21, 26 and 30 are not cited: no title,
# no paragraph, no position ("not addressed in this report").
# (number, working title or "", paragraphs, position, status, unit code, evidence)
PROPOSALS = [
    (1, "Embrace multi-constituency processes: convene all actors relevant to a global issue", "4", "agrees", "in_progress", "ngo-policy", ""),
    (2, "", "", "", "proposed", "ngo-policy", ""),
    (3, "Hold global Internet assemblies to poll opinion and raise awareness of emerging issues", "35", "will_review", "in_progress", "ngo-liaison", ""),
    (4, "", "", "", "proposed", "ngo-liaison", ""),
    (5, "Hold multi-stakeholder hearings to review progress on global commitments", "8, 35", "will_review", "piloted", "ngo-liaison", "/participation/"),
    (6, "The General Assembly should regularly engage civil society in its work", "9", "member_states", "piloted", "ngo-liaison", "/participation/"),
    (7, "Resident coordinators convene seminars and briefings to build partnerships", "45", "will_act", "in_progress", "ngo-liaison", ""),
    (8, "", "", "", "proposed", "ngo-policy", ""),
    (9, "", "", "", "proposed", "ngo-policy", ""),
    (10, "Strengthen resident coordinators' capacity to identify, build and broker partnerships", "44", "agrees", "in_progress", "ngo-liaison", ""),
    (11, "Civil-society focal points and national NGO advisory groups in country teams", "44, 45, 46", "will_act", "piloted", "ngo-liaison", "/partnerships/teams/"),
    (12, "The Security Council should deepen its dialogue with civil society", "13", "member_states", "member_states", "ngo-policy", ""),
    (13, "Engage national parliaments more systematically in the work of the United Nations", "17", "member_states", "member_states", "elected-reps", ""),
    (14, "Bring United Nations matters before national parliaments", "17", "member_states", "member_states", "elected-reps", ""),
    (15, "Global public policy forums of parliamentarians", "17", "member_states", "member_states", "elected-reps", ""),
    (16, "An elected representatives liaison unit in the Secretariat", "17, 50", "will_act", "in_progress", "elected-reps", ""),
    (17, "", "", "", "proposed", "elected-reps", ""),
    (18, "", "", "", "member_states", "elected-reps", ""),
    (19, "", "", "", "member_states", "accreditation", ""),
    (20, "An accreditation unit managing one accreditation process in the Secretariat", "50", "will_act", "in_progress", "accreditation", ""),
    (21, "", "", "", "member_states", "accreditation", ""),
    (22, "Streamline accreditation and harmonise the status categories", "33", "member_states", "member_states", "accreditation", ""),
    (23, "NGO constituencies organise into networks; a code of conduct", "8, 33, 34", "member_states", "member_states", "ngo-policy", ""),
    (24, "Bring the Permanent Forum on Indigenous Issues secretariat into the new Office", "52", "not_accepted", "not_accepted", "ngo-policy", ""),
    (25, "A dedicated civil-society staff member in every resident coordinator's office", "45", "will_act", "in_progress", "ngo-liaison", ""),
    (26, "", "", "", "in_progress", "ngo-policy", ""),
    (27, "A trust fund for the participation of NGOs from developing countries", "22", "will_act", "in_progress", "accreditation", ""),
    (28, "Reflect engagement with constituencies in recruitment, promotion, appraisal and training", "45, 55", "will_act", "proposed", "ngo-policy", ""),
    (29, "Leadership of the Secretary-General and senior managers in the change", "57", "will_act", "in_progress", "ngo-policy", ""),
    (30, "", "", "", "in_progress", "ngo-policy", ""),
]

# Statuses never claim more than the evidence: piloted or implemented only
# with a link to the feature or decision that shows it.
# The evidence of the measures marked piloted or implemented.
MEASURE_EVIDENCE = {"ga-hearings": "/participation/"}

# (code, title, paragraphs, proposals, status, unit code)
MEASURES = [
    ("ga-hearings", "Informal interactive hearings of the General Assembly with NGOs before major events", "10-11", (5, 6), "piloted", "ngo-liaison"),
    ("ga-annual-hearing", "An annual two-day hearing with NGOs before each General Assembly session", "11", (6,), "member_states", "ngo-liaison"),
    ("sc-dialogue", "Arria-formula meetings, open debates and post-mission hearings of NGOs by the Security Council", "13-14", (12,), "in_progress", "ngo-policy"),
    ("parliamentarians", "Meetings of parliamentarians before the 2005 and 2006 HIV/AIDS reviews", "17", (13, 14, 15), "in_progress", "elected-reps"),
    ("local-authorities", "Local authorities and their associations in intergovernmental bodies", "18-19", (17, 18), "in_progress", "elected-reps"),
    ("trust-fund", "One trust fund for developing-country NGOs' travel and accommodation", "20-22", (27,), "in_progress", "accreditation"),
    ("unified-accreditation", "One accreditation process for all intergovernmental bodies", "26", (19, 20), "in_progress", "accreditation"),
    ("prescreening", "Secretariat pre-screening and consolidated lists for Member States", "32", (20, 22), "in_progress", "accreditation"),
    ("rights", "Harmonised rights and responsibilities of the status categories", "33", (22,), "member_states", "accreditation"),
    ("code-of-conduct", "A code of conduct for NGOs", "34", (23,), "member_states", "ngo-policy"),
    ("online-consultations", "Online consultations on emerging issues", "35", (3,), "in_progress", "ngo-liaison"),
    ("central-database", "A central NGO database and country databases", "37, 43", (4,), "in_progress", "ngo-liaison"),
    ("focal-points", "A UNDG civil-society focal point in every country team", "45", (11, 25), "in_progress", "ngo-liaison"),
    ("advisory-committees", "National NGO advisory committees (pilot: Botswana, 2003)", "46", (11,), "in_progress", "ngo-liaison"),
    ("country-fund", "A trust fund for NGO capacity at country level, managed by UNDP", "47", (9,), "proposed", "ngo-policy"),
    ("partnerships-office", "An expanded Partnerships Office with four units", "48-50", (16, 20, 26), "in_progress", "ngo-policy"),
    ("single-entry-point", "A single, visible entry point for NGOs", "51", (26,), "in_progress", "ngo-liaison"),
    ("dialogue", "Structured, continuing dialogue with NGOs on implementation", "54", (1,), "in_progress", "ngo-policy"),
    ("staff-training", "Staff training and human-resources incentives for engagement", "55", (28,), "proposed", "ngo-policy"),
    ("reporting", "Regular reports to the General Assembly on the reforms", "58", (30,), "in_progress", "ngo-policy"),
]
