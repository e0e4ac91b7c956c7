"""The sources the rule functions cite (parameter files carry their own references).

One constant per document, so two rules citing the same memo cite it identically. Titles are
short legal cites; `href` is the most official copy we know of. Links were not followed from the
build machine: `docs/rules/README.md` lists them for a link check by a reviewer.
"""

from __future__ import annotations

from datetime import date

from securecomm.rules.model import Reference, ReferenceKind

__all__ = [
    "CFR_8_287_7_D",
    "DETAINER_GUIDANCE_2012",
    "EO_13768",
    "FORM_I_247A",
    "ICE_TRAFFIC_RESPONSE_2012",
    "INA_101_A_43",
    "INA_240B",
    "INTERPRETATION_CLOCK",
    "JOHNSON_PRIORITIES_2014",
    "MORTON_PD_2011",
    "MORTON_PRIORITIES_2010",
    "MORTON_PRIORITIES_2011",
    "MORTON_VICTIMS_2011",
    "PEP_FORMS_2015",
    "SC_PLAN_2008",
    "STATE_CNA_MANUAL",
    "USC_5_6103",
    "VCCR_ART_36",
]

CFR_8_287_7_D = Reference(
    title="8 C.F.R. § 287.7(d)",
    href="https://www.ecfr.gov/current/title-8/chapter-I/subchapter-B/part-287/section-287.7#p-287.7(d)",
    kind=ReferenceKind.REGULATION,
    quote="Upon a determination by the Department to issue a detainer for an alien not otherwise detained by a "
    "criminal justice agency, such agency shall maintain custody of the alien for a period not to exceed 48 "
    "hours, excluding Saturdays, Sundays, and holidays in order to permit assumption of custody by the Department.",
)
USC_5_6103 = Reference(
    title="5 U.S.C. § 6103(a)-(b)",
    href="https://uscode.house.gov/view.xhtml?req=granuleid:USC-prelim-title5-section6103&num=0&edition=prelim",
    kind=ReferenceKind.STATUTE,
    quote="The following are legal public holidays: New Year's Day, January 1. ...",
)
INTERPRETATION_CLOCK = Reference(
    title="securecomm interpretation of 'holidays' in 8 C.F.R. § 287.7(d)",
    href="https://uscode.house.gov/view.xhtml?req=granuleid:USC-prelim-title5-section6103&num=0&edition=prelim",
    kind=ReferenceKind.INTERPRETATION,
    note="Holidays are the legal public holidays of 5 U.S.C. 6103(a) on their observed dates; an executive-order "
    "closure of federal offices is not a holiday, because counting it would lengthen a hold and that reading "
    "protects the person held. A release on an excluded day starts the count at 00:00 of the next counted day. "
    "Reviewer: rules engineer, issue 2; awaiting legal review.",
)
FORM_I_247A = Reference(
    title="DHS Form I-247A, Immigration Detainer - Notice of Action (3/17)",
    href="https://www.ice.gov/sites/default/files/documents/Document/2017/I-247A.pdf",
    kind=ReferenceKind.FORM,
    quote="maintain custody of the alien for a period NOT TO EXCEED 48 HOURS beyond the time when he/she would "
    "otherwise have been released from your custody",
    note="Form edition 3/17, in use from April 2, 2017.",
)
PEP_FORMS_2015 = Reference(
    title="DHS Forms I-247D, I-247N and I-247X (Priority Enforcement Program, 2015)",
    href="https://www.ice.gov/pep",
    kind=ReferenceKind.FORM,
    quote="Maintain custody of the subject for a period NOT TO EXCEED 48 HOURS beyond the time when he/she "
    "would otherwise have been released from your custody to allow DHS to assume custody.",
)
SC_PLAN_2008 = Reference(
    title="ICE, Secure Communities: A Comprehensive Plan to Identify and Remove Criminal Aliens (2008)",
    href="https://www.ice.gov/secure-communities",
    kind=ReferenceKind.MEMO,
    note="Levels by offense type as in the program's briefing slides (domain.md §2.1(b)); the plan's own PDF "
    "was not located.",
)
MORTON_PRIORITIES_2010 = Reference(
    title="ICE Memo, Civil Immigration Enforcement: Priorities for the Apprehension, Detention, and Removal "
    "of Aliens (June 30, 2010)",
    href="https://www.ice.gov/doclib/detention-reform/pdf/civil_enforcement_priorities.pdf",
    kind=ReferenceKind.MEMO,
    issued_on=date(2010, 6, 30),
)
MORTON_PRIORITIES_2011 = Reference(
    title="ICE Policy 10072.1, Civil Immigration Enforcement: Priorities for the Apprehension, Detention, and "
    "Removal of Aliens (Mar. 2, 2011)",
    href="https://www.ice.gov/doclib/news/releases/2011/110302washingtondc.pdf",
    kind=ReferenceKind.MEMO,
    issued_on=date(2011, 3, 2),
)
MORTON_PD_2011 = Reference(
    title="ICE Policy 10075.1, Exercising Prosecutorial Discretion Consistent with the Civil Immigration "
    "Enforcement Priorities (June 17, 2011)",
    href="https://www.ice.gov/doclib/secure-communities/pdf/prosecutorial-discretion-memo.pdf",
    kind=ReferenceKind.MEMO,
    issued_on=date(2011, 6, 17),
)
MORTON_VICTIMS_2011 = Reference(
    title="ICE Memo, Prosecutorial Discretion: Certain Victims, Witnesses, and Plaintiffs (June 17, 2011)",
    href="https://www.ice.gov/doclib/secure-communities/pdf/domestic-violence.pdf",
    kind=ReferenceKind.MEMO,
    issued_on=date(2011, 6, 17),
)
ICE_TRAFFIC_RESPONSE_2012 = Reference(
    title="ICE Response to the Task Force on Secure Communities Findings and Recommendations (Apr. 27, 2012)",
    href="https://www.ice.gov/doclib/secure-communities/pdf/hsac-sc-taskforce-report.pdf",
    kind=ReferenceKind.MEMO,
    quote="ICE will now wait to proceed with enforcement against immigrants whose only offense is a minor "
    "misdemeanor traffic violation until after they have actually been convicted.",
    issued_on=date(2012, 4, 27),
    note="Quote as summarised by CLINIC (domain.md §2.5).",
)
DETAINER_GUIDANCE_2012 = Reference(
    title="ICE, Civil Immigration Enforcement: Guidance on the Use of Detainers in the Federal, State, Local, "
    "and Tribal Criminal Justice Systems (Dec. 21, 2012)",
    href="https://www.ice.gov/doclib/detention-reform/pdf/detainer-policy.pdf",
    kind=ReferenceKind.MEMO,
    issued_on=date(2012, 12, 21),
)
JOHNSON_PRIORITIES_2014 = Reference(
    title="DHS Memo, Policies for the Apprehension, Detention and Removal of Undocumented Immigrants "
    "(Nov. 20, 2014)",
    href="https://www.dhs.gov/sites/default/files/publications/14_1120_memo_prosecutorial_discretion.pdf",
    kind=ReferenceKind.MEMO,
    issued_on=date(2014, 11, 20),
    note="In force January 5, 2015.",
)
EO_13768 = Reference(
    title="Executive Order 13768, Enhancing Public Safety in the Interior of the United States, §5 "
    "(Jan. 25, 2017)",
    href="https://www.federalregister.gov/documents/2017/01/30/2017-02102/enhancing-public-safety-in-the-"
    "interior-of-the-united-states",
    kind=ReferenceKind.EXECUTIVE_ORDER,
    issued_on=date(2017, 1, 25),
)
INA_101_A_43 = Reference(
    title="8 U.S.C. § 1101(a)(43) (INA § 101(a)(43), aggravated felony)",
    href="https://uscode.house.gov/view.xhtml?req=granuleid:USC-prelim-title8-section1101&num=0&edition=prelim",
    kind=ReferenceKind.STATUTE,
)
INA_240B = Reference(
    title="8 U.S.C. § 1229c(a)(1) (INA § 240B, voluntary departure)",
    href="https://uscode.house.gov/view.xhtml?req=granuleid:USC-prelim-title8-section1229c&num=0&edition=prelim",
    kind=ReferenceKind.STATUTE,
    quote="The Attorney General may permit an alien voluntarily to depart the United States at the alien's own "
    "expense ... in lieu of being subject to proceedings under section 1229a of this title or prior to the "
    "completion of such proceedings, if the alien is not deportable under section 1227(a)(2)(A)(iii) or "
    "section 1227(a)(4)(B) of this title.",
)
VCCR_ART_36 = Reference(
    title="Vienna Convention on Consular Relations art. 36(1)(b)",
    href="https://legal.un.org/ilc/texts/instruments/english/conventions/9_2_1963.pdf",
    kind=ReferenceKind.TREATY,
    quote="if he so requests, the competent authorities of the receiving State shall, without delay, inform the "
    "consular post of the sending State if, within its consular district, a national of that State is arrested "
    "or committed to prison or to custody pending trial or is detained in any other manner.",
)
STATE_CNA_MANUAL = Reference(
    title="U.S. Department of State, Consular Notification and Access manual",
    href="https://travel.state.gov/content/travel/en/consularnotification.html",
    kind=ReferenceKind.MANUAL,
)
