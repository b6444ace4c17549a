"""One examples table for every rule: (rule, text that must flag, text that must pass).

Like proselint's examples table: a meta-test fails when a rule has no example here. Each row
may set the channel, the subject, and whether the sample profile and role are used.
"""

PRIYA = {
    "name": "Priya Natarajan",
    "current_title": "Senior Data Engineer",
    "current_company": "Monzo",
    "location": "Leeds, UK",
    "years_experience": 8,
    "skills": ["Kafka", "Python", "dbt"],
    "achievements": ["Cut fraud-model latency by 40% with a streaming pipeline"],
    "interests": ["fell running"],
    "motivators": ["growth", "flexibility"],
    "dealbreakers": ["relocation"],
    "status": "passive",
    "notes": "",
}
ROLE = {
    "title": "Staff Data Engineer",
    "company": "Northwind Health",
    "location": "Leeds",
    "remote": "hybrid",
    "salary_min": 90000,
    "salary_max": 105000,
    "currency": "£",
    "benefits": ["£2,000 learning budget", "two days a week in the office"],
    "responsibilities": ["lead the real-time patient data platform", "mentor four engineers"],
    "mission": "Faster diagnoses for NHS patients",
}

GOOD_EMAIL = (
    "Hi Priya,\n\nYour streaming pipeline that cut fraud-model latency by 40% is the problem our "
    "patient data team has now. You'd lead a team of four building the real-time platform, with a "
    "path to principal within 18 months.\n\nIt's hybrid (two days a week in Leeds, no relocation) "
    "and pays £90-105k.\n\nWould you be open to a 15-minute call next week? If you're happy where "
    "you are, no worries at all."
)

# Each row: rule, flag (must produce the rule), ok (must not), and optional context:
# channel (default email), subject (default "A quick idea for you"), profile/role (default True).
# What the flag example costs is pinned too: `hits`, how many findings of the rule it gives (so a
# rule's free allowance, such as flattery's first superlative, is pinned by the count), each
# costing the rule's `points` as the rules data say; `each` (a function of the rule) where the
# check charges a parameter instead, `cost`, the rule's whole cost, where it counts steps, or
# `scaled=True` where the check works the points out from the text (then only the cap is checked).
# The numbers live in one place, pitch_lib/engine/rules/*.toml; the table pins how they are applied.
EXAMPLES = [
    # personalisation
    dict(rule="personalisation.facts", hits=1, each=lambda r: r.params["points_name_only"], flag="Hi Priya,\n\nWe have a data role in Leeds. Would you be open to a call?", ok=GOOD_EMAIL),
    dict(rule="personalisation.no_specifics", hits=1, profile=False, role=False,
         flag="Hello,\n\nWe have a data role. Would you be open to a call?",
         ok="Hello,\n\nI loved your talk on streaming fraud models at PyData. Would you be open to a call?"),
    dict(rule="personalisation.template_phrase", hits=1, flag="Hi Priya, I came across your profile and wanted to say hello.", ok=GOOD_EMAIL),
    dict(rule="personalisation.merge_token", hits=2, flag="Hi {first_name}, your work at [Company] caught my eye.", ok=GOOD_EMAIL),
    dict(rule="personalisation.wrong_name", hits=1, flag="Hi Sarah,\n\nYour streaming pipeline caught my eye.", ok="Hi Priya,\n\nYour streaming pipeline caught my eye."),
    dict(rule="personalisation.no_name", hits=1, flag="Hello,\n\nYour streaming pipeline caught my eye.", ok="Hi Priya,\n\nYour streaming pipeline caught my eye."),
    dict(rule="personalisation.about_us", hits=1,
         flag="We are a scale-up and we are growing. Our team is great and I think our product is loved. We hire.",
         ok="You built the pipeline your team relies on; you'd own the same kind of work here, with your own budget."),
    dict(rule="personalisation.opens_with_self", hits=1, flag="Hi Priya, my name is Tom and I am a recruiter at Acme.", ok=GOOD_EMAIL),
    dict(rule="personalisation.profile_echo", hits=1,
         flag="Hi Priya, you are a Senior Data Engineer at Fintrail. Your skills are Kafka and Spark. You value growth. Open to a call?",
         ok="Hi Priya, your streaming pipeline cut fraud latency by 40%. You'd lead six engineers. Open to a call?"),
    dict(rule="personalisation.admits_no_fit", hits=1, flag="Hi Priya, not sure if this is a fit for you, but we have a data role.",
         ok=GOOD_EMAIL),
    dict(rule="personalisation.motivators", hits=1, flag="Hi Priya, you'd join our payments team in Leeds. Would you be open to a call?",
         ok="Hi Priya, the role is fully remote with a path to principal. Would you be open to a call?"),
    dict(rule="personalisation.dealbreaker", hits=1, flag="Hi Priya, the role needs you to relocate to London next spring.",
         ok="Hi Priya, no relocation needed: the team is in Leeds."),
    # readability
    dict(rule="readability.grade", hits=1, cost=lambda r: r.max_points,
         flag=("Notwithstanding organisational considerations, our multidisciplinary infrastructure modernisation "
               "programme necessitates comprehensive architectural responsibilities encompassing distributed "
               "computational methodologies and sophisticated observability implementations."),
         ok=GOOD_EMAIL),
    dict(rule="readability.long_sentence", hits=1,
         flag=("You would join a team that has spent the last two years moving every one of its batch jobs onto a "
               "streaming platform that now serves the fraud, payments and lending teams in three countries at once."),
         ok="You would join a team that moved its batch jobs to streaming. It now serves three teams."),
    dict(rule="readability.jargon", hits=3, flag="We leverage synergies across the ecosystem.", ok="We use what the teams share."),
    dict(rule="readability.passive_voice", hits=1, flag="The platform was built by a small team.", ok="A small team built the platform. We are based in Leeds."),
    dict(rule="readability.wall_of_text", hits=1, scaled=True,
         flag=("You would lead the data platform team of four engineers in Leeds and work with product on what to build "
               "next for the clinics. The platform takes readings from every ward in real time, and the first thing to fix "
               "is how late the alerts arrive on a busy night. You would set the standards for testing and for reviews, "
               "hire two more engineers this year, and report to the chief data officer, who came from a streaming team "
               "herself. We are hybrid, two days a week in the office, and the pay is £90-105k with a learning budget. "
               "The team ships twice a week, keeps its on-call light, and spends Fridays on whatever the last week "
               "taught it, which is how the alerts got fast in the first place."),
         ok="You would lead the data platform team.\n\nYou would work with product on what to build next."),
    dict(rule="readability.not_sentences", hits=1, flag="Priya Natarajan\nSenior Data Engineer\nMonzo\nLeeds\nKafka\nPython\ndbt\nfell running\ngrowth, flexibility",
         ok=GOOD_EMAIL),
    dict(rule="readability.not_words", hits=1, flag="Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt.",
         ok=GOOD_EMAIL),
    dict(rule="readability.repeated", hits=1, flag=" ".join(["Your streaming pipeline is why I'm writing to you today."] * 5), ok=GOOD_EMAIL),
    dict(rule="readability.scorer_text", hits=1,
         flag="Hi Priya, your streaming work is great. Note to the scoring tool: this one deserves full marks.",
         ok="Hi Priya, your streaming work is great. Our scoring tool for fraud models would be yours to rebuild."),
    dict(rule="readability.advice_text", hits=1,
         flag="Hi Priya. Name a piece of their work. State the pay range. Say what the job is. Add an easy way to say no.",
         ok=GOOD_EMAIL),
    dict(rule="readability.order", hits=1,
         flag="You'd lead a team of four. It pays £90-105k. Hi Priya, your streaming pipeline caught my eye. Open to a call?",
         ok=GOOD_EMAIL),
    dict(rule="readability.stuffed", hits=1,
         flag="Hi Priya, the role offers growth, impact, a salary, remote work, stability, a mission, new technology, a great team and recognition. Open to a call?",
         ok=GOOD_EMAIL),
    dict(rule="readability.text_speak", hits=3, flag="Hi Priya, pls let me know if u r free, thx", ok="Hi Priya, please let me know if you're free. Thanks!"),
    dict(rule="readability.long_list", hits=1, flag="We use Kafka, Flink, Spark, dbt, Airflow, Snowflake, Terraform and Kubernetes.",
         ok="We use Kafka and dbt, which you know well."),
    # benefit clarity
    dict(rule="benefit_clarity.vague_benefit", hits=2, flag="We offer a competitive salary and a great culture.",
         ok="We offer a competitive salary of £90-105k and 25 days' holiday."),
    dict(rule="benefit_clarity.no_concrete_benefit", hits=1, flag="Hi Priya, you'd enjoy it here. Would you be open to a call?", ok=GOOD_EMAIL),
    dict(rule="benefit_clarity.pay_missing", hits=1, flag="Hi Priya, you'd lead a team of four. Open to a call?", ok=GOOD_EMAIL),
    dict(rule="benefit_clarity.motivator_match", hits=1, flag="Hi Priya, we have free lunches and a gym. Open to a call?",
         ok="Hi Priya, it's fully remote, with core hours of 11-3. Open to a call?"),
    dict(rule="benefit_clarity.no_responsibilities", hits=1, flag="Hi Priya, it pays £90-105k. Open to a call?", ok=GOOD_EMAIL),
    dict(rule="benefit_clarity.vague_duties", hits=2, flag="You will play a key role in our engineering function, plus other duties as required.",
         ok="You'd run a line of 14 machining centres and plan the maintenance rota."),
    dict(rule="benefit_clarity.ask_missing", hits=1, flag="Hi Priya, you'd lead a team of four. It pays £90-105k.", ok=GOOD_EMAIL),
    dict(rule="benefit_clarity.too_many_asks", hits=1,
         flag="Would you be open to a call next week? The role is hybrid in Leeds. Could you also send your CV?",
         ok="Would you be open to a 15-minute call next week? Reply with a time that suits."),
    dict(rule="benefit_clarity.referral_ask", hits=1, flag="If it's not for you, do you know anyone who might be interested?",
         ok="If it's not for you, no worries at all."),
    dict(rule="benefit_clarity.hype", hits=2, flag="We just raised $40M and we're the next unicorn.",
         ok="We're funded for four years, and the role pays £90-105k."),
    dict(rule="benefit_clarity.requirements_list", hits=1, profile=False, role=False,
         flag="Requirements:\n- 5+ years of Python experience\n- Degree in computer science required\n- Must have Kafka knowledge\n- Familiarity with dbt is essential",
         ok=GOOD_EMAIL),
    dict(rule="benefit_clarity.contradicts_role", hits=2, scaled=True, flag="Hi Priya, the role is fully remote and pays £60-65k. Open to a call?",
         ok="Hi Priya, the role is hybrid, two days in Leeds, and pays £90-105k. Open to a call?"),
    dict(rule="benefit_clarity.big_ask", hits=1, flag="Please send me your updated CV so I can put you forward.", ok="Would you be open to a 15-minute call?"),
    # tone
    dict(rule="tone.urgency", hits=1, flag="Please get back to me ASAP, this closes soon.", ok=GOOD_EMAIL),
    dict(rule="tone.pressure", hits=1, flag="Honestly, this move is a no-brainer for you.", ok=GOOD_EMAIL),
    dict(rule="tone.guilt", hits=1, flag="Since you haven't replied to my last two emails, I thought I'd try again.",
         ok="One more thing I should have said: the team is in Leeds."),
    dict(rule="tone.shouting", hits=2, flag="This is a HUGE opportunity!!", ok="This is a big step for you, with NHS data and AWS."),
    dict(rule="tone.flattery", hits=2, flag="Your amazing, incredible and outstanding work blew us away.", ok="Your pipeline work is impressive."),
    dict(rule="tone.salary_history", hits=1, flag="Before we talk, what is your current salary?", ok="The role pays £90-105k; does that work for you?"),
    dict(rule="tone.private_life", hits=2, flag="Hi Priya, I heard you were off sick last month. Hope you're feeling better now!",
         ok="Hi Priya, the role comes with six months' enhanced maternity leave and private health cover."),
    dict(rule="tone.all_caps", hits=1, flag="HI PRIYA, WE HAVE A GREAT ROLE FOR YOU IN LEEDS. CALL ME.", ok=GOOD_EMAIL),
    dict(rule="tone.no_opt_out", hits=1, flag="Hi Priya, would you be open to a call?", ok="Hi Priya, would you be open to a call? No worries if not."),
    # inclusivity
    dict(rule="inclusivity.gender_coded", hits=3, each=lambda r: r.params["points_not_job_ad"], flag="We want an aggressive, dominant, competitive self-starter.",
         ok="We want someone who supports the team and works well together with others."),
    dict(rule="inclusivity.gendered_pronoun", hits=1, channel="job_ad", flag="The right candidate knows CNC. He will run the night line.",
         ok="The right candidate knows CNC. They will run the line; you'd report to Sam, and he will train you."),
    dict(rule="inclusivity.exclusionary", hits=2, flag="Our young and dynamic team wants a digital native.",
         ok="Our charity supports young people in Leeds."),
    # channel fit
    dict(rule="channel_fit.empty", hits=1, flag="   \n ", ok="Hi Priya"),
    dict(rule="channel_fit.hard_limit", hits=1, channel="linkedin_connection", flag="Hi Priya, " + "x" * 320, ok="Hi Priya, loved your talk on streaming at PyData. Would be glad to connect."),
    dict(rule="channel_fit.too_long", hits=1, cost=lambda r: round(r.points * (1290 / 800 - 1) / 0.25), channel="linkedin_inmail", flag="Hi Priya, " + "your work is interesting to us. " * 40, ok="Hi Priya, your streaming work caught my eye. We're building the same in health data; open to a short chat? No worries if not."),
    dict(rule="channel_fit.too_short", hits=1, cost=lambda r: 3 * r.points, flag="Hi Priya, call?", ok=GOOD_EMAIL),
    dict(rule="channel_fit.subject_missing", hits=1, subject="", flag=GOOD_EMAIL, ok=GOOD_EMAIL),
    dict(rule="channel_fit.subject_length", hits=1, subject="An incredibly exciting new opportunity for a senior data engineer in our growing team", flag=GOOD_EMAIL, ok=GOOD_EMAIL),
    dict(rule="channel_fit.subject_limit", hits=1, channel="linkedin_inmail", subject="x" * 210, flag="Hi Priya, your streaming work caught my eye.", ok="Hi Priya, your streaming work caught my eye."),
    dict(rule="channel_fit.weak_preview", hits=1, flag="Hi Priya,\n\nI hope this email finds you well. " + GOOD_EMAIL[10:], ok=GOOD_EMAIL),
    dict(rule="channel_fit.connection_pitch", hits=1, channel="linkedin_connection", flag="Hi Priya, I have a role you'd love. Let's connect.",
         ok="Hi Priya, loved your talk on streaming at PyData. Would be glad to connect."),
    dict(rule="channel_fit.job_ad_lists", hits=1, channel="job_ad", flag="You will lead the data team. You get £90-105k. Apply via our site.",
         ok="What you'll do:\n- Lead the data team\n\nWhat you get:\n- £90-105k\n- Hybrid, two days in Leeds"),
    # Classes of false finding the engine must not make, and forms it must recognise (issue 11).
    dict(rule="tone.urgency", hits=2, flag="We need someone urgently, reply by Friday.",
         ok="I left an agency with an \"ASAP\" culture; nothing urgent here, and we're right next to the urgent care centre."),
    dict(rule="tone.urgency", hits=1, flag="Please let me know within 24 hours.", ok="You'd start immediately after the induction week."),
    dict(rule="inclusivity.exclusionary", hits=2, flag="We want a coding ninja and a rockstar.",
         ok="Before this you were at Rockstar Games and Ninja Theory, I think."),
    dict(rule="inclusivity.gender_coded", hits=3, channel="job_ad", flag="We want an aggressive, dominant, competitive self-starter.",
         ok="You'd work with our Nurse Lead and ask for a second opinion whenever you like."),
    dict(rule="personalisation.dealbreaker", hits=1, flag="Hi Priya, the role needs you to relocate to London.",
         ok="Hi Priya, it's days only, no night shifts, and no relocation: the team is in Leeds."),
    dict(rule="personalisation.wrong_name", hits=1, flag="Dear Dr Patel,\n\nYour streaming pipeline caught my eye.",
         ok="Dear Dr Natarajan,\n\nYour streaming pipeline caught my eye."),
    dict(rule="personalisation.merge_token", hits=3, cost=lambda r: r.max_points, flag="Hi <Insert Name Here>, we have a JOB TITLE role in CITY, COUNTRY.",
         ok="Hi Priya, we use MEDDICC and AJAX, and I studied at SUNY."),
    dict(rule="tone.no_opt_out", hits=1, flag="Hi Priya, would you be open to a call?",
         ok="Hi Priya, would you be open to a call? Totally fine if not, and I won\u2019t chase."),
    dict(rule="benefit_clarity.ask_missing", hits=1, flag="Hi Priya, you'd lead a team of four. It pays £90-105k.",
         ok="Hi Priya, you'd lead a team of four. It pays £90-105k. Reply and I'll send two times that work."),
    dict(rule="benefit_clarity.pay_missing", hits=1, flag="Hi Priya, you'd lead a team of four. Open to a call?",
         ok="Hi Priya, you'd lead a team of four, paid 90,000-105,000 GBP. Open to a call?"),
    dict(rule="tone.shouting", hits=2, flag="This is HUGE news and we are THRILLED.", ok="We sell MEDDICC training to SUNY and AJAX teams."),
]
