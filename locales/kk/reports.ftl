# Басшылыққа арналған қорытындылар, жиынтықтар, диаграммалар, кестелер және сұрақтар (src/reports; totals, summary, inline, questions).

## Толықтығы және салыстыру
reports-complete = барлығы тапсырды: { $reported } / { $expected }
reports-incomplete = есеп тапсырғандар: { $reported } / { $expected }; тапсырмағандар: { $missing }
reports-names-more = { $names } және тағы { $count }
reports-no-data = Әзірге деректер жоқ: бұл кезеңге бірде-бір есеп тапсырылмаған.
reports-no-last-year = ℹ️ { $year } жылға есептер жоқ — өткен жылмен салыстыру болмайды.
reports-vs-previous-month = өткен аймен салыстырғанда { $change }
reports-vs-previous-quarter = өткен тоқсанмен салыстырғанда { $change }
reports-vs-last-year = { $year } жылғы осы кезеңмен салыстырғанда { $change }
reports-no-forms = Сізге қолжетімді нысандар жоқ.
reports-no-report = есеп жоқ
reports-months-reported = ({ $count } / { $of } ай тапсырылды)

## /totals
reports-totals-title =
    📊 <b>Қорытынды: { $region }</b>
    Күні: { $date }
reports-totals-month = 🗓 { $period }: { $completeness }
reports-button-summary = 📋 Жиынтық: { $form }

## /summary
reports-summary-completeness = Есептер ({ $month }): { $completeness }
reports-summary-on-time = Уақтылы: { $onTime } / { $expected } ({ $rate }); кешіккені: { $late }
reports-summary-region-total = Облыс бойынша барлығы
reports-table-title = Аудандар мен қалалар бойынша: { $from }–{ $to } / { $total } (әліпби бойынша)
reports-table-columns = Бағандар: { $columns }
reports-table-key = ⛔ соңғы айға есеп жоқ · ⏰ кешігіп тапсырылды · ✏️ түзетілді
reports-choose-form = 📋 Жиынтық: нысанды таңдаңыз
reports-choose-period =
    📋 <b>{ $form }</b>
    Кезеңді таңдаңыз:
reports-earlier-title =
    📋 <b>{ $form }</b>
    { $year } жылдың кезеңдері:
reports-quarter-short = { $roman } тоқсан
reports-button-earlier = 🗓 Бұрынғы…
reports-button-back = ⬅️ Артқа
reports-button-remind = 🔔 Тапсырмағандарға еске салу
reports-button-chart = 📈 Диаграмма
reports-button-spreadsheet = 📊 Excel кестесі
reports-button-per-unit = 🏙 Аудан (қала) бойынша
reports-button-other-period = 🗓 Басқа кезең
reports-button-other-form = 📋 Басқа нысан
reports-period-invalid = Бұл кезең қолжетімсіз: ол әлі аяқталған жоқ.
reports-choose-figure = Диаграммада қай көрсеткішті көрсету керек?
reports-choose-unit =
    🏙 <b>{ $form }</b>
    Ауданды немесе қаланы таңдаңыз ({ $from }–{ $to } / { $total }):
reports-history-title = 🏙 <b>{ $unit }</b>: { $from } — { $to }

## Диаграммалар
reports-chart-reported = есептер ({ $month }): { $reported } / { $expected }
reports-chart-top = Көрсетілгені: { $shown } / { $total }; есеп тапсырмағандар: { $missing }.
reports-chart-line-subtitle = { $region }, айлар бойынша барлығы: { $from } — { $to }
reports-chart-bars-caption = 📈 { $figure }: аудандар мен қалалар бойынша, { $period }
reports-chart-line-caption = 📈 { $figure }: облыс бойынша 12 айдағы барлығы

## Excel кестесі және CSV
reports-sheet-name = Жиынтық
reports-sheet-unit = Аудан / қала
reports-sheet-months = Тапсырылған айлар
reports-sheet-status = Күйі
reports-sheet-total = Облыс бойынша барлығы
reports-sheet-total-status = тапсырғандар: { $reported } / { $expected }
reports-sheet-about = Кесте туралы
reports-sheet-form = Нысан
reports-sheet-period = Кезең
reports-sheet-completeness = Толықтығы
reports-sheet-completeness-value = { $month }: тапсырғандар { $reported } / { $expected }
reports-sheet-missing = Есеп жоқ
reports-sheet-generated = Жасалған уақыты
reports-sheet-note = Ескерту
reports-sheet-note-value = Бос ұяшық — есеп жоқ дегенді білдіреді (нөл емес). Ай сайынғы көрсеткіштер қосылады; бөлінген қаражат пен өспелі жиынтықтар соңғы есеп бойынша алынады. Үлестер құрамдас бөліктерінен қайта есептелген, тек барлық бөлігі көрсетілген жерде ғана: бір бөлігін көрсетпеген аудан немесе қала үшін үлес жоқ, облыс бойынша үлеске де кірмейді.
reports-status-reported = тапсырылды
reports-status-missing = есеп жоқ
reports-status-late = кешіккен
reports-status-corrected = түзетілген

## Сұрақтар және кірістірілген режим
reports-question-unclear = Сұрақты түсіне алмадым. Аудан немесе қала, көрсеткіш және/немесе кезеңді жазыңыз, мысалы: «Талғар жұмыспен қамту қазан», «e-gov 3-тоқсан», «Ұйғыр қызметтер».
reports-question-unplaced = Түсінбедім: { $words }.
reports-question-future = «{ $period }» кезеңі әлі аяқталған жоқ, ол бойынша деректер жоқ.
reports-question-not-visible = Бұл көрсеткіштер сізге қолжетімсіз.
reports-question-not-assigned = Бұл аудан немесе қала бұл нысанды тапсырмайды.
reports-question-guess = Мүмкін, мынаны айтқыңыз келген шығар:
reports-inline-answer = Сұраққа жауап
reports-inline-heading = 📊 Қорытынды, күні: { $date }
reports-status-missing-month = { $month } үшін есеп жоқ
reports-chart-missing-mark = * — { $month } үшін есеп жоқ.

## Әр санның негізі: қаншасы көрсетті, толық деректер бойынша үлес, сол аудандарды салыстыру
reports-figure-coverage = көрсеткендер: { $given } / { $reported }
reports-share-coverage = (барлық құрамдас бөлігін көрсеткендер бойынша: { $units } / { $reported })
reports-compare-same-units-month = ℹ️ Өткен аймен салыстыру — екі айдың да есебін тапсырған аудандар мен қалалар бойынша ғана: { $common } / { $expected }.
reports-compare-same-units-quarter = ℹ️ Өткен тоқсанмен салыстыру — екі тоқсанның барлық айының есебін тапсырған аудандар мен қалалар бойынша ғана: { $common } / { $expected }.
reports-compare-same-units-year = ℹ️ { $year } жылмен салыстыру — екі кезеңнің барлық айының есебін тапсырған аудандар мен қалалар бойынша ғана: { $common } / { $expected }.
reports-compare-none-month = ℹ️ Өткен аймен салыстыру жоқ: екі айдың да есебін тапсырған аудан не қала жоқ.
reports-compare-none-quarter = ℹ️ Өткен тоқсанмен салыстыру жоқ: екі тоқсанның барлық айының есебін тапсырған аудан не қала жоқ.
reports-compare-none-year = ℹ️ { $year } жылмен салыстыру жоқ: екі кезеңнің барлық айының есебін тапсырған аудан не қала жоқ.
reports-compare-incomplete-month = ℹ️ Өткен аймен салыстыру барлық есеп тапсырылғанда көрсетіледі.
reports-compare-incomplete-quarter = ℹ️ Өткен тоқсанмен салыстыру барлық есеп тапсырылғанда көрсетіледі.
reports-compare-incomplete-year = ℹ️ { $year } жылмен салыстыру барлық есеп тапсырылғанда көрсетіледі.
reports-sheet-gave = Көрсеткендер (аудандар мен қалалар)
reports-sheet-gave-value = { $given } / { $reported }
reports-chart-not-given = көрсетілмеген
reports-chart-incomplete = ○ — есептердің бәрі әлі тапсырылған жоқ: { $months }.
reports-chart-incomplete-month = { $month } ({ $reported } / { $expected })
