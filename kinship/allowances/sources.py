"""Where the facts on the allowance pages come from (see DOMAIN.md §1 and §3). Each entry is
(what it supports, title, address)."""

SRA_PAGE = ("https://www.gov.scot/publications/scottish-recommended-allowance-for-foster-and-"
            "kinship-carers-information-for-carers-and-professionals/")

ALLOWANCE_SOURCES = {
    "sra": ("The Scottish Recommended Allowance, 2023-24 weekly rates",
            "Scottish Government: Scottish Recommended Allowance for foster and kinship carers",
            SRA_PAGE),
    "not_uprated": ("The SRA was not increased for 2024-25",
                    "The Fostering Network, 2024",
                    "https://thefosteringnetwork.org.uk/media-release/2024/scottish-governments-"
                    "decision-not-increase-allowances-huge-blow-foster-and"),
    "parity_2015": ("Since 1 October 2015 kinship carers of looked-after children are entitled "
                    "to their council's foster allowance",
                    "Scottish Government: national review of care allowances, final report",
                    "https://www.gov.scot/publications/final-report-recommendations-national-"
                    "review-care-allowances-9781787812109/pages/3/"),
    "kco_eligible": ("Kinship care order holders get it only if the child was previously "
                     "looked after, was placed with council involvement, or is at risk of "
                     "becoming looked after",
                     "Scottish Government: Part 13 guidance (2016), appendix E",
                     "https://beta.gov.scot/publications/national-guidance-part-13-children-"
                     "young-people-scotland-act-2014/pages/9/"),
    "reg33": ("Councils pay allowances to carers of looked-after children (regulation 33)",
              "The Looked After Children (Scotland) Regulations 2009, regulation 33",
              "https://www.legislation.gov.uk/ssi/2009/210/regulation/33/made"),
    "informal": ("Informal kinship carers have no right to an allowance; a council may help "
                 "at its discretion (section 22 of the Children (Scotland) Act 1995)",
                 "Child Poverty Action Group: kinship care",
                 "https://askcpag.org.uk/?id=-243187"),
    "deductions": ("Councils may deduct child-related benefits from the allowance, but not "
                   "Scottish Child Payment",
                   "Scottish Government: review of the SRA (2025), footnote 4; CPAG",
                   "https://www.gov.scot/publications/review-implementation-scottish-"
                   "recommended-allowance-foster-kinship-carers/pages/10/"),
}
