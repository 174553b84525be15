# Есеп тапсыру

report-choose-form = Қай есепті тапсырасыз?
report-no-forms = Ауданыңызға (қалаңызға) бірде-бір есеп нысаны бекітілмеген. Жүйе әкімшісіне хабарласыңыз.
report-choose-period = { $form }: қай кезең үшін? Төменде қазір күтілетін есеп.
report-choose-earlier = { $form }: есеп үшін әлі ашық ертерек кезеңдер.
report-period-button = { $period } · мерзімі { $deadline }
report-period-earlier = Ертерек кезең…
report-no-open-periods = Қазір есеп үшін ашық кезең жоқ: бәрі өзгертуге жабық.
report-already = «{ $form }» есебі { $period } үшін тапсырылған: { $version }-нұсқа, { $at }. Оны түзетесіз бе?
report-correct = ✏️ Түзету
report-leave = Өзгеріссіз қалдыру
report-left-as-is = Жарайды, есеп өзгеріссіз қалады.
report-form-not-yours = Бұл нысанды сіздің ауданыңыз (қалаңыз) тапсырмайды.
report-period-not-open = Бұл кезең қазір есеп үшін ашық емес.

report-draft-open = Сізде аяқталмаған есеп бар: { $form }, { $period }, сұрақ { $index } / { $total }.
report-draft-continue = ▶ Жалғастыру
report-draft-restart = ↺ Қайта бастау
report-draft-other = Басқа есеп

report-question-progress = Сұрақ: { $index } / { $total }
report-how-count = Бүтін сан: кемінде { $min }, ең көбі { $max }.
report-how-money = Теңгемен сома, ең көбі { $max }. «17,9 млрд» немесе «250 млн» деп жазуға болады.
report-how-decimal = Сан: кемінде { $min }, ең көбі { $max }; үтірден кейін ең көбі { $decimals } таңба.
report-how-percentage = Пайыз: кемінде { $min }, ең көбі { $max }.
report-how-text = Қысқа мәтін, { $max } таңбаға дейін.
report-how-choice = Нұсқаны түймемен таңдаңыз.
report-question-previous = Өткен кезеңде: { $value }
report-question-current = Қазір есепте: { $value }
report-question-optional = Міндетті емес сұрақ: өткізіп жіберуге болады.
report-keep = ✔ Өзгеріссіз қалдыру
report-back = ◀ Артқа
report-skip = Өткізіп жіберу ▶
report-cancel = ✖ Болдырмау

report-readback = Мен былай түсіндім: { $value }. Дұрыс па?
report-readback-yes = ✔ Иә, дұрыс
report-readback-retype = ✏️ Қайта енгізу

report-error-empty = Жауап бос. Мәнді жазыңыз.
report-error-too_long = Жауап тым ұзын: { $max } таңбадан аспауы керек.
report-error-not_a_number = «{ $input }» — сан емес. Санды жазыңыз, мысалы 1 250, 17,9 немесе 250 млн.
report-error-negative = Мән теріс бола алмайды.
report-error-fraction = Мұнда бөлшексіз бүтін сан керек.
report-error-too_precise = Үтірден кейін таңба тым көп: ең көбі { $decimals } таңба болуы керек.
report-error-below_min = Мән рұқсат етілгеннен аз: кемінде { $min }.
report-error-above_max = Мән рұқсат етілгеннен көп: ең көбі { $max }. Бұл қате болмаса, жүйе әкімшісіне хабарлаңыз.
report-error-unknown_choice = Ондай нұсқа жоқ. Нұсқаны түймемен таңдаңыз.
report-error-rule =
    ⚠️ { $message }
    { $values }
    Мәнді қайта енгізіңіз.
report-error-not-text = Жауапты мәтінмен жазыңыз: сан немесе сөз. Сурет, стикер және файл жарамайды.
report-use-buttons = Хабарлама астындағы түймемен таңдаңыз.
report-stale-button = Бұл түйме басқа қадамға қатысты. Қазіргі орыннан жалғастырамыз.

report-finding-rule = ⚠️ { $message }
report-finding-rule-fix = Мәндердің бірін түзетіңіз.
report-finding-rule-check = Мәндерді тексеріңіз: дұрыс болса, қалдырыңыз.
report-finding-outlier-high = ⚠️ { $label }: { $value } — ауданыңыз (қалаңыз) үшін әдеттегіден әлдеқайда көп (бұрынғы орташа: { $mean }). Мән дұрыс па?
report-finding-outlier-low = ⚠️ { $label }: { $value } — ауданыңыз (қалаңыз) үшін әдеттегіден әлдеқайда аз (бұрынғы орташа: { $mean }). Мән дұрыс па?
report-finding-decrease = ⚠️ { $label } азайды: бұрын { $previous }, енді { $value }. Себебін бір хабарламамен жазыңыз (мысалы, «бюджетті түзету») немесе мәнді өзгертіңіз.
report-finding-accept = ✔ Иә, дұрыс
report-finding-comment = 💬 Түсініктеме қосу
report-change-figure = ✏️ Өзгерту: { $label }
report-comment-ask = Түсініктемені бір хабарламамен жазыңыз.

report-card-intro = Мәндерді тексеріп, есепті жіберіңіз.
report-card-correction = Есепті түзету (қазір { $version }-нұсқа күшінде). Өзгерістер былай көрсетілген: бұрын → енді.
report-card-context = өткен ай: { $previous }; жыл басынан: { $ytd }
report-card-note = 💬 { $note }
report-card-submit = ✅ Жіберу
report-card-change = ✏️ Мәнді өзгерту
report-choose-figure = Қай мәнді өзгертесіз?
report-back-to-card = ◀ Карточкаға

report-discard-ask = Толтыруды болдырмайсыз ба? Енгізілген жауаптар жойылады.
report-discard-yes = Иә, жою
report-discard-no = Жоқ, жалғастыру
report-discarded = Толтыру тоқтатылды, жоба жойылды.
report-nothing-to-cancel = Қазір болдырмайтын ештеңе жоқ.
report-draft-gone = Бұл жоба енді ашық емес: осы уақытта ауданыңыздың (қалаңыздың) әріптесі оны жіберді немесе болдырмады. Есептің жағдайын көру үшін /report жіберіңіз.

report-missing-required = Міндетті мән толтырылмаған: { $label }.
report-locked = { $period } кезеңі өзгертуге жабық, есеп жіберілмеді. Жауаптарыңыз сақталған.
report-conflict = Сіз толтырып жатқанда, ауданыңыздың (қалаңыздың) басқа қызметкері осы есепті жіберді (енді { $version }-нұсқа). Жауаптарыңыз сақталған: карточканы тексеріңіз, онда не өзгеретіні көрінеді.
report-receipt =
    ✅ Есеп қабылданды.
    { $form } · { $unit }
    Есеп кезеңі: { $period }, нұсқасы: { $version }
    Уақыты: { $at }
report-receipt-late = Есеп мерзімнен кейін ({ $deadline }) тапсырылды және кешіккен деп белгіленді.
