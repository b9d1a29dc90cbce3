"""Reference data of the reform tracker and the Partnerships Office.

The 30 proposals of the Panel of Eminent Persons (A/58/817) appear here as
short working titles, reconstructed from how the Secretary-General's report
(A/59/354, /work/shared/seeds) refers to them; staff edit them as data.
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

# (number, title, paragraphs of A/59/354, status, unit code)
PROPOSALS = [
    (1, "Embrace multi-constituency processes: convene all actors relevant to a global issue", "8", "in_progress", "ngo-policy"),
    (2, "Use the convening power of the United Nations to build partnerships for global issues", "8", "in_progress", "ngo-policy"),
    (3, "Hold global Internet assemblies to poll opinion and raise awareness of emerging issues", "35", "in_progress", "ngo-liaison"),
    (4, "Connect the local with the global: give priority to the country level", "36-43", "in_progress", "ngo-liaison"),
    (5, "Hold multi-stakeholder hearings to review progress on global commitments", "8, 11, 35", "implemented", "ngo-liaison"),
    (6, "The General Assembly should regularly engage civil society in its work", "9-11", "implemented", "ngo-liaison"),
    (7, "Resident coordinators convene seminars and briefings to build partnerships", "45", "in_progress", "ngo-liaison"),
    (8, "Invest in partnership development and learning across the system", "39-41", "proposed", "ngo-policy"),
    (9, "Fund partnership initiatives at country level", "47", "proposed", "ngo-policy"),
    (10, "Strengthen resident coordinators' capacity to identify, build and broker partnerships", "44", "in_progress", "ngo-liaison"),
    (11, "Civil-society focal points and national NGO advisory groups in country teams", "45-46", "in_progress", "ngo-liaison"),
    (12, "The Security Council should deepen its dialogue with civil society", "13-14", "in_progress", "ngo-policy"),
    (13, "Engage national parliaments more systematically in the work of the United Nations", "16-17", "member_states", "elected-reps"),
    (14, "Bring United Nations matters before national parliaments", "16-17", "member_states", "elected-reps"),
    (15, "Global public policy forums of parliamentarians", "17", "member_states", "elected-reps"),
    (16, "An elected representatives liaison unit in the Secretariat", "50", "in_progress", "elected-reps"),
    (17, "Engage local authorities and their associations", "18-19", "in_progress", "elected-reps"),
    (18, "Direct participation of local authorities in intergovernmental bodies", "19", "member_states", "elected-reps"),
    (19, "Accredit NGOs to the General Assembly and its main committees", "25-27", "member_states", "accreditation"),
    (20, "An accreditation unit managing one accreditation process in the Secretariat", "29-32, 50", "in_progress", "accreditation"),
    (21, "A General Assembly committee reviews all applications for accreditation", "28-30", "member_states", "accreditation"),
    (22, "Streamline accreditation and harmonise the status categories", "31-33", "in_progress", "accreditation"),
    (23, "NGO constituencies organise into networks; a code of conduct", "8, 33-34", "in_progress", "ngo-policy"),
    (24, "Bring the Permanent Forum on Indigenous Issues secretariat into the new Office", "52", "not_accepted", "ngo-policy"),
    (25, "A dedicated civil-society staff member in every resident coordinator's office", "45", "in_progress", "ngo-liaison"),
    (26, "An Office of Constituency Engagement and Partnerships (the expanded Partnerships Office)", "48-51", "in_progress", "ngo-policy"),
    (27, "A trust fund for the participation of NGOs from developing countries", "20-22", "in_progress", "accreditation"),
    (28, "Reflect engagement with constituencies in recruitment, promotion, appraisal and training", "45, 55", "proposed", "ngo-policy"),
    (29, "Leadership of the Secretary-General and senior managers in the change", "57", "in_progress", "ngo-policy"),
    (30, "Regular reporting to the General Assembly on implementation", "58", "in_progress", "ngo-policy"),
]

# (code, title, paragraphs, proposals, status, unit code)
MEASURES = [
    ("ga-hearings", "Informal interactive hearings of the General Assembly with NGOs before major events", "10-11", (5, 6), "implemented", "ngo-liaison"),
    ("ga-annual-hearing", "An annual two-day hearing with NGOs before each General Assembly session", "11", (6,), "member_states", "ngo-liaison"),
    ("sc-dialogue", "Arria-formula meetings, open debates and post-mission hearings of NGOs by the Security Council", "13-14", (12,), "in_progress", "ngo-policy"),
    ("parliamentarians", "Meetings of parliamentarians before the 2005 and 2006 HIV/AIDS reviews", "17", (13, 14, 15), "in_progress", "elected-reps"),
    ("local-authorities", "Local authorities and their associations in intergovernmental bodies", "18-19", (17, 18), "in_progress", "elected-reps"),
    ("trust-fund", "One trust fund for developing-country NGOs' travel and accommodation", "20-22", (27,), "in_progress", "accreditation"),
    ("unified-accreditation", "One accreditation process for all intergovernmental bodies", "26", (19, 20), "in_progress", "accreditation"),
    ("prescreening", "Secretariat pre-screening and consolidated lists for Member States", "32", (20, 22), "implemented", "accreditation"),
    ("rights", "Harmonised rights and responsibilities of the status categories", "33", (22,), "member_states", "accreditation"),
    ("code-of-conduct", "A code of conduct for NGOs", "34", (23,), "in_progress", "ngo-policy"),
    ("online-consultations", "Online consultations on emerging issues", "35", (3,), "in_progress", "ngo-liaison"),
    ("central-database", "A central NGO database and country databases", "37, 43", (4,), "implemented", "ngo-liaison"),
    ("focal-points", "A UNDG civil-society focal point in every country team", "45", (11, 25), "in_progress", "ngo-liaison"),
    ("advisory-committees", "National NGO advisory committees (pilot: Botswana, 2003)", "46", (11,), "in_progress", "ngo-liaison"),
    ("country-fund", "A trust fund for NGO capacity at country level, managed by UNDP", "47", (9,), "proposed", "ngo-policy"),
    ("partnerships-office", "An expanded Partnerships Office with four units", "48-50", (16, 20, 26), "in_progress", "ngo-policy"),
    ("single-entry-point", "A single, visible entry point for NGOs", "51", (26,), "implemented", "ngo-liaison"),
    ("dialogue", "Structured, continuing dialogue with NGOs on implementation", "54", (1,), "in_progress", "ngo-policy"),
    ("staff-training", "Staff training and human-resources incentives for engagement", "55", (28,), "proposed", "ngo-policy"),
    ("reporting", "Regular reports to the General Assembly on the reforms", "58", (30,), "in_progress", "ngo-policy"),
]
