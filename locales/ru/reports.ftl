# Итоги, сводки, графики, таблицы и вопросы руководства (src/reports, features totals, summary, inline, questions).

## Полнота и сравнения
reports-complete = сдали все: { $reported } из { $expected }
reports-incomplete = сдали { $reported } из { $expected }; нет отчёта: { $missing }
reports-names-more = { $names } и ещё { $count }
reports-no-data = Данных пока нет: за этот период не сдано ни одного отчёта.
reports-no-last-year = ℹ️ За { $year } год отчётов нет — сравнения с прошлым годом не будет.
reports-vs-previous-month = { $change } к прошлому месяцу
reports-vs-previous-quarter = { $change } к прошлому кварталу
reports-vs-last-year = { $change } к тому же периоду { $year } г.
reports-no-forms = Нет форм, доступных вам.
reports-no-report = нет отчёта
reports-months-reported = (сдано за { $count } из { $of } мес.)

## /totals
reports-totals-title =
    📊 <b>Итоги: { $region }</b>
    на { $date }
reports-totals-month = 🗓 { $period }: { $completeness }
reports-button-summary = 📋 Сводка: { $form }

## /summary
reports-summary-completeness = Отчёты за { $month }: { $completeness }
reports-summary-on-time = Вовремя: { $onTime } из { $expected } ({ $rate }); с опозданием: { $late }
reports-summary-region-total = Итого по области
reports-table-title = По районам и городам: { $from }–{ $to } из { $total } (по алфавиту)
reports-table-columns = Столбцы: { $columns }
reports-table-key = ⛔ нет отчёта за последний месяц · ⏰ сдан с опозданием · ✏️ исправлен
reports-choose-form = 📋 Сводка: выберите форму
reports-choose-period =
    📋 <b>{ $form }</b>
    Выберите период:
reports-earlier-title =
    📋 <b>{ $form }</b>
    Периоды { $year } года:
reports-quarter-short = { $roman } кв.
reports-button-earlier = 🗓 Ранее…
reports-button-back = ⬅️ Назад
reports-button-remind = 🔔 Напомнить несдавшим
reports-button-chart = 📈 График
reports-button-spreadsheet = 📊 Таблица Excel
reports-button-per-unit = 🏙 По району (городу)
reports-button-other-period = 🗓 Другой период
reports-button-other-form = 📋 Другая форма
reports-period-invalid = Этот период недоступен: он ещё не закончился.
reports-choose-figure = Какой показатель показать на графике?
reports-choose-unit =
    🏙 <b>{ $form }</b>
    Выберите район или город ({ $from }–{ $to } из { $total }):
reports-history-title = 🏙 <b>{ $unit }</b>: { $from } — { $to }

## Графики
reports-chart-reported = отчёты за { $month }: { $reported } из { $expected }
reports-chart-top = Показаны { $shown } из { $total }; без отчёта: { $missing }.
reports-chart-line-subtitle = { $region }, итого по месяцам: { $from } — { $to }
reports-chart-bars-caption = 📈 { $figure }: по районам и городам, { $period }
reports-chart-line-caption = 📈 { $figure }: итого по области за 12 месяцев

## Таблица Excel и CSV
reports-sheet-name = Сводка
reports-sheet-unit = Район / город
reports-sheet-months = Месяцев сдано
reports-sheet-status = Статус
reports-sheet-total = Итого по области
reports-sheet-total-status = сдали { $reported } из { $expected }
reports-sheet-about = О таблице
reports-sheet-form = Форма
reports-sheet-period = Период
reports-sheet-completeness = Полнота
reports-sheet-completeness-value = за { $month }: сдали { $reported } из { $expected }
reports-sheet-missing = Нет отчёта
reports-sheet-generated = Сформировано
reports-sheet-note = Примечание
reports-sheet-note-value = Пустая ячейка — отчёта нет (это не ноль). Показатели за месяц складываются; выделенные средства и суммы нарастающим итогом берутся по последнему отчёту. Доли пересчитаны из слагаемых и только там, где указаны все слагаемые: у района или города, не указавшего одно из них, доли нет, и в долю по области он не входит.
reports-status-reported = сдан
reports-status-missing = нет отчёта
reports-status-late = с опозданием
reports-status-corrected = исправлен

## Вопросы и встроенный режим
reports-question-unclear = Не удалось понять вопрос. Напишите район или город, показатель и/или период, например: «Талгар занятость октябрь», «e-gov 3 квартал», «сколько трудоустроено с начала года».
reports-question-unplaced = Не понял: { $words }.
reports-question-future = Период «{ $period }» ещё не закончился — данных за него нет.
reports-question-not-visible = Эти показатели вам недоступны.
reports-question-not-assigned = Этот район или город не сдаёт эту форму.
reports-question-guess = Возможно, вы имели в виду:
reports-inline-answer = Ответ на вопрос
reports-inline-heading = 📊 Итоги на { $date }
reports-status-missing-month = нет отчёта за { $month }
reports-chart-missing-mark = * — нет отчёта за { $month }.

## На чём стоит каждая цифра: сколько указали, доли по полным данным, сравнение тех же районов
reports-figure-coverage = указали { $given } из { $reported }
reports-share-coverage = (по { $units } из { $reported } — где указаны все слагаемые)
reports-compare-same-units-month = ℹ️ Изменение к прошлому месяцу — по одним и тем же районам и городам, сдавшим оба месяца: { $common } из { $expected }.
reports-compare-same-units-quarter = ℹ️ Изменение к прошлому кварталу — по одним и тем же районам и городам, сдавшим все месяцы обоих кварталов: { $common } из { $expected }.
reports-compare-same-units-year = ℹ️ Изменение к { $year } году — по одним и тем же районам и городам, сдавшим все месяцы обоих периодов: { $common } из { $expected }.
reports-compare-none-month = ℹ️ Изменения к прошлому месяцу нет: ни один район или город не сдал оба месяца.
reports-compare-none-quarter = ℹ️ Изменения к прошлому кварталу нет: ни один район или город не сдал все месяцы обоих кварталов.
reports-compare-none-year = ℹ️ Изменения к { $year } году нет: ни один район или город не сдал все месяцы обоих периодов.
reports-compare-incomplete-month = ℹ️ Изменение к прошлому месяцу будет показано, когда сдадут все.
reports-compare-incomplete-quarter = ℹ️ Изменение к прошлому кварталу будет показано, когда сдадут все.
reports-compare-incomplete-year = ℹ️ Изменение к { $year } году будет показано, когда сдадут все.
reports-sheet-gave = Указали (районов и городов)
reports-sheet-gave-value = { $given } из { $reported }
reports-chart-not-given = не указано
reports-chart-incomplete = ○ — сданы ещё не все отчёты: { $months }.
reports-chart-incomplete-month = { $month } ({ $reported } из { $expected })
