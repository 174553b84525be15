# Есеп күнтізбесі: мерзімдер, еске салулар, еске салуды өшіру, жабық кезеңді ашу, тарих.

## Мерзімдер қарапайым тілмен: тапсыру мерзімі, кешігу, жабылу
calendar-due = Тапсыру мерзімі: { $due }.
calendar-due-late-same = Тапсыру мерзімі: { $due }. Одан кейін түскен есеп кешіккен деп белгіленеді.
calendar-late-from = Кешіккен деп есептеле бастайды: { $late }.
calendar-locks = Жабылады: { $lock }. Одан кейін сандарды тек басшылықтың келісімімен өзгертуге болады (/reopen).

## Еске салулар
calendar-reminder-ahead = 🔔 Еске салу: «{ $form }» есебі ({ $period }, { $unit }) әлі тапсырылған жоқ. Мерзіміне { $days } күн қалды.
calendar-reminder-today = 🔔 Бүгін соңғы күн: «{ $form }» есебі ({ $period }, { $unit }) әлі тапсырылған жоқ. Мерзімі — бүгін сағат { $time }.
calendar-reminder-overdue = ⏰ «{ $form }» есебінің ({ $period }, { $unit }) мерзімі өтіп кетті. Кезең жабылғанша ол әлі де «кешіккен» деген белгімен қабылданады.
calendar-reminder-asked = Еске салуды { $name } сұрады.
calendar-button-report = 📝 Есепті тапсыру
calendar-button-mute = 🔕 Бұл айда тапсыратын есеп жоқ

## Еске салуды өшіру
calendar-mute-ask = «{ $form }» есебі { $period } үшін неге болмайды? Мысалы: «бұл айда бағдарлама бойынша іс-шара болған жоқ». Себебін бір хабарламамен жазыңыз: оны басшылық көреді.
calendar-mute-done = 🔕 «{ $form }», { $period } бойынша еске салулар өшірілді. Сіз көрсеткен себепті — «{ $reason }» — басшылық көреді.
calendar-mute-reported = «{ $form }» есебі { $period } үшін қабылданған: ол бойынша еске салу болмайды.
calendar-unmute = 🔔 Еске салуларды қайта қосу
calendar-unmute-done = 🔔 «{ $form }», { $period } бойынша еске салулар қайта қосылды.
calendar-unmute-none = «{ $form }», { $period } бойынша еске салулар өшірілмеген еді.

## Бір хабарламамен жазылатын себеп
calendar-reason-cancel = ✖ Қажет емес
calendar-reason-cancelled = Жарайды, ештеңе жіберілген жоқ.
calendar-reason-too-short = Себебін бірнеше сөзбен жазыңыз (кемінде { $min } таңба).
calendar-reason-too-long = Себебі тым ұзын: { $max } таңбадан аспасын.
calendar-draft-kept = Аяқталмаған есебіңіз сақталды: /report оны жалғастырады.
calendar-not-yours = Бұл әрекет сізге қолжетімсіз.

## Жабық кезеңді ашу
calendar-reopen-district-only = Кезеңді ашуды есеп тапсыратын аудан немесе қала сұрайды; мұндай өтініштер шешім қабылдау үшін сізге келеді.
calendar-reopen-choose-form = Қай есепті өзгерту керек?
calendar-reopen-choose-period = «{ $form }»: қай жабық кезең? Бұл кезеңдерге мән енгізу жабылған; өзгерту үшін басшылықтың келісімі керек.
calendar-reopen-none-locked = «{ $form }» бойынша соңғы айларда жабық кезең жоқ. Ашық кезеңдерді /report арқылы түзетуге болады.
calendar-reopen-not-locked = «{ $form }», { $period } жабылмаған: оны /report арқылы түзетіңіз.
calendar-reopen-ask = «{ $form }», { $period } есебін не үшін өзгерту керек? Себебін бір хабарламамен жазыңыз: басшылық оны өтінішіңізбен бірге көреді.
calendar-reopen-sent = 📨 «{ $form }», { $period } есебін ашу туралы өтінішіңіз басшылыққа жіберілді ({ $count } адам). Шешімін өзім хабарлаймын.
calendar-reopen-nobody = «{ $form }», { $period } есебін ашу туралы өтініш сақталды, бірақ басшылықта оны жіберетін ешкім жоқ. Жүйе әкімшісіне хабарлаңыз.
calendar-reopen-pending = «{ $form }», { $period } есебін ашу туралы өтініш шешімін күтіп тұр ({ $at } жіберілген).
calendar-reopen-already-open = «{ $form }», { $period } есебі сіз үшін түзетуге ашық, мерзімі: { $until }. /report арқылы түзетіңіз.
calendar-reopen-request =
    🔓 Жабық есепті ашу туралы өтініш
    { $unit } · «{ $form }» · { $period }
    Кімнен: { $name }
    Себебі: { $reason }
    Қазір күшінде: { $current }
calendar-reopen-current = { $version }-нұсқа, { $at }
calendar-reopen-current-none = есеп жоқ
calendar-approve = ✅ { $hours } сағатқа ашу
calendar-reject = ✖ Қабылдамау
calendar-reopen-approved-note = ✅ { $name } мақұлдады: түзетуге ашық, мерзімі: { $until }.
calendar-reopen-rejected-note = ✖ { $name } қабылдамады.
calendar-reopen-stale = Бұл өтініш енді шешім күтпейді.
calendar-reopen-approved = ✅ Басшылық өтінішіңізді мақұлдады: «{ $form }», { $period } есебі түзетуге ашық, мерзімі: { $until }. /report пайдаланыңыз.
calendar-reopen-rejected = ✖ Басшылық «{ $form }», { $period } есебін ашу туралы өтінішіңізді қабылдамады.

## /deadlines
calendar-deadlines-title = 📅 Мерзімдер
calendar-deadlines-form = «{ $form }» · { $period }
calendar-deadlines-reported = ✅ Есебіңіз: { $version }-нұсқа, { $at }.
calendar-deadlines-missing = ⏳ Есебіңіз әлі түскен жоқ.
calendar-deadlines-muted = 🔕 Еске салулар өшірілген: «{ $reason }».
calendar-deadlines-region = Тапсырғандар: { $expected } ішінен { $reported }.
calendar-deadlines-mute = 🔕 Тапсыратын есеп жоқ: { $form }

## Мерзімнен кейін басшылыққа жиынтық
calendar-digest-title = 📮 Мерзімнен кейін: «{ $form }» · { $period }
calendar-digest-deadline = Тапсыру мерзімі: { $due } болатын.
calendar-digest-reported = Тапсырғандар: { $expected } ішінен { $reported } ({ $share }); оның ішінде кешіккені: { $late }.
calendar-digest-missing = Тапсырмағандар ({ $count }): { $names }.
calendar-digest-more = және тағы { $count }
calendar-digest-all-in = Барлығы тапсырды.
calendar-digest-muted = Себебін көрсетіп, тапсырмайтындар:
calendar-digest-muted-line = • { $unit }: «{ $reason }»
calendar-digest-totals = Қазіргі қорытынды (тапсырғандар бойынша: { $count }):
calendar-digest-no-totals = Әзірге сандар жоқ.

## Таңғы шолу
calendar-brief-title = ☀️ Таңғы шолу, { $date }
calendar-brief-line = «{ $form }» · { $period }: { $expected } ішінен { $reported } тапсырды; { $when }.
calendar-brief-when-ahead = мерзімі { $due }
calendar-brief-when-today = мерзімі бүгін сағат { $time }
calendar-brief-when-overdue = мерзімі { $due } өтіп кетті
calendar-brief-when-locked = жабық

## Жабылғаннан кейінгі түзету — басшылыққа
calendar-correction-title = ✏️ Жабылғаннан кейінгі түзету: { $unit } · «{ $form }» · { $period }
calendar-correction-version = { $version }-нұсқа, { $at }, енгізген: { $name }.
calendar-correction-reopened = Ашуға келісім берген: { $name }; көрсетілген себеп: «{ $reason }».
calendar-correction-reason = Түсініктеме: { $reason }
calendar-correction-no-change = Мәндер өзгерген жоқ.

## «Тапсырмағандарға еске салу»
calendar-remind-sent = 🔔 Еске салынды ({ $count }): { $names }.
calendar-remind-none = Қазір ешкімге еске салынған жоқ.
calendar-remind-recently = Жақында ғана еске салынған: { $names }.
calendar-remind-muted = Себебін көрсетіп, тапсырмайтындар: { $names }.
calendar-remind-unreachable = Жазатын ешкім жоқ: { $names }.

## Адамдар
calendar-person = { $name }
calendar-person-id = аты белгісіз пайдаланушы
calendar-person-bot = бот

## /history
calendar-history-choose-unit = Қай ауданның немесе қаланың есептер тарихын көрсетейін?
calendar-history-choose-form = { $unit }: қай есеп?
calendar-history-choose-period = { $unit } · «{ $form }»: қай кезең?
calendar-history-no-reports = { $unit }: соңғы { $count } кезеңде «{ $form }» есептері жоқ.
calendar-history-unknown-unit = «{ $text }» деген аудан немесе қала табылмады. Төменнен таңдаңыз.
calendar-history-not-yours = Тек өз ауданыңыздың (қалаңыздың) тарихын көре аласыз.
calendar-history-period-button = { $period } · нұсқасы: { $version }
calendar-history-title = 🕘 Тарих: { $unit } · «{ $form }» · { $period }
calendar-history-status-open = Тапсыру және түзету үшін ашық, мерзімі: { $lock }.
calendar-history-status-locked = Жабық, жабылған уақыты: { $lock }.
calendar-history-status-reopened = Жабық; бұл аудан (қала) үшін ашылған, мерзімі: { $until }.
calendar-history-none = Бұл кезеңге есеп тапсырылмаған.
calendar-history-version = 📄 { $version }-нұсқа · { $at } · { $name }
calendar-history-late = ⏰ кешіккен
calendar-history-reason = Себебі: { $reason }
calendar-history-no-change = Мәндер өзгерген жоқ.
calendar-history-step-reminder = 🔔 { $at } · еске салу жіберілді ({ $count } адам)
calendar-history-step-reminder-late = 🔔 { $at } · еске салу кешігіп жіберілді: өз уақытында бот жұмыс істемеді
calendar-history-step-remind = 🔔 { $at } · { $name } еске салуды сұрады
calendar-history-step-mute = 🔕 { $at } · { $name } еске салуларды өшірді: «{ $reason }»
calendar-history-step-unmute = 🔔 { $at } · { $name } еске салуларды қайта қосты
calendar-history-step-reopen-request = 🔓 { $at } · { $name } кезеңді ашуды сұрады: «{ $reason }»
calendar-history-step-reopen-approved = ✅ { $at } · { $name } ашуды мақұлдады, мерзімі: { $until }
calendar-history-step-reopen-rejected = ✖ { $at } · { $name } ашуды қабылдамады
calendar-history-step-correction-shown = 📨 { $at } · жабылғаннан кейін өзгерген { $version }-нұсқа басшылыққа жіберілді

## Түзету және тапсыру мерзімі (бірінші нұсқа бойынша)
calendar-receipt-correction-on-time = Түзету тапсыру мерзімін өзгертпейді: есеп уақтылы тапсырылған.
calendar-receipt-correction-late = Түзету тапсыру мерзімін өзгертпейді: есеп кешігіп тапсырылған деп белгіленген күйінде қалады.
calendar-history-corrected-reopened = Кезең қайта ашылғаннан кейін түзетілді (мақұлдаған: { $name }).
calendar-history-corrected-locked = Кезең жабылғаннан кейін түзетілді.
calendar-summary-on-time-range = Барлық ай уақтылы: { $onTime } / { $expected } ({ $rate }); кемінде бір рет кешіккені (⏰): { $late }

## Өтіп кеткен мерзімдер
calendar-due-past = Тапсыру мерзімі өтті: { $due }.
calendar-due-late-same-past = Тапсыру мерзімі өтті: { $due }. Одан кейін түскен есеп кешіккен деп белгіленеді.
calendar-locked-past = Кезең жабылды: { $lock }. Енді сандарды тек басшылықтың келісімімен өзгертуге болады (/reopen).
calendar-remind-locked = Бұл кезең жабылып қойған: ешкімге еске салу жіберілген жоқ. Жетіспейтін есепті аудан кезеңді ашуды сұраса (/reopen) және сіз мақұлдасаңыз ғана қабылдайды.

## Аудандар мен қалалардың түсіндірмелері — басшылыққа
calendar-notes-marker = 📝 Аудандар мен қалалардың түсіндірмелері: { $count } («Түсіндірмелер» түймесі).
calendar-notes-button = 📝 Түсіндірмелер ({ $count })
calendar-notes-title = 📝 Аудандар мен қалалардың түсіндірмелері · { $form } · { $period }
calendar-notes-none = Бұл кезеңге түсіндірме жоқ.
calendar-notes-line = • { $period } · { $kind }: «{ $text }»
calendar-notes-kind-explanation = есепке түсіндірме (нұсқа: { $version })
calendar-notes-kind-nothing = тапсыратын есеп жоқ
calendar-notes-kind-correction = жабылғаннан кейінгі түзетудің себебі
calendar-notes-unit-title = 📝 Түсіндірмелер · { $form }
calendar-notes-sheet = Түсіндірмелер
calendar-notes-sheet-unit = Аудан (қала)
calendar-notes-sheet-period = Кезең
calendar-notes-sheet-kind = Түрі
calendar-notes-sheet-text = Мәтін
calendar-notes-sheet-at = Жазылған уақыты
calendar-digest-notes = Есептерге түсіндірмелер:
calendar-brief-notes = 📝 Түсіндірмелер ({ $count }):
calendar-brief-notes-more = тағы { $count } — жиынтықта, «Түсіндірмелер» түймесі
calendar-mute-done-nobody = 🔕 «{ $form }» бойынша ({ $period }) еске салулар өшірілді. Себебіңіз — «{ $reason }» — сақталды: басшылық ботты қолдана бастағанда, ол жиынтықтарда көрсетіледі.
calendar-reminder-grace = ⏰ «{ $form }» есебінің ({ $period }, { $unit }) тапсыру мерзімі өтті. Кешіккен деген белгісіз қабылданатын соңғы уақыт: { $late }.
