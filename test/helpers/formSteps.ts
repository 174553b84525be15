// The public-services form walked step by step in English, as the fault tests repeat it (a kill after or during
// each step): what the akim does, what the bot answers, and the draft Redis holds afterwards.
import type { UserHandle } from "../../src/localapi/index.ts";
import { pressMatching } from "./mainProcess.ts";

export interface FormStep {
  name: string;
  run: (user: UserHandle) => Promise<unknown>;
  /** What the bot answers to this step (and shows again after "Continue"). */
  expect: RegExp;
  /** The draft after this step: cursor and values (undefined: no draft yet, or gone after submitting). */
  draft?: { cursor: number; values: Record<string, string> };
}

const send = (text: string) => (user: UserHandle) => user.send(text);
const press = (label: RegExp) => (user: UserHandle) => pressMatching(user, label);
const question = (n: number) => new RegExp(`Question ${n} of 6`);
const answers = (values: Record<string, string>, cursor: number) => ({ cursor, values });

/** October 2016 for Karatal: 1500, 700, skip, 3, 1, 0, Submit. */
export const PUBLIC_SERVICES_STEPS: readonly FormStep[] = [
  { name: "/report", run: send("/report"), expect: /Which report are you submitting\?/ },
  { name: "press Public services", run: press(/^Public services$/), expect: /Public services: for which period\?/ },
  { name: "press October 2016", run: press(/^October 2016/), expect: question(1), draft: answers({}, 0) },
  { name: "answer 1500", run: send("1500"), expect: question(2), draft: answers({ services_ekyzmet: "1500" }, 1) },
  { name: "answer 700", run: send("700"), expect: question(3), draft: answers({ services_ekyzmet: "1500", services_egov: "700" }, 2) },
  // A skipped answer is stored as "" which the draft reads as absent; the cursor shows it was passed.
  { name: "skip", run: press(/^Skip/), expect: question(4), draft: answers({ services_ekyzmet: "1500", services_egov: "700" }, 3) },
  { name: "answer 3", run: send("3"), expect: question(5), draft: answers({ services_ekyzmet: "1500", services_egov: "700", seminars: "3" }, 4) },
  {
    name: "answer 1",
    run: send("1"),
    expect: question(6),
    draft: answers({ services_ekyzmet: "1500", services_egov: "700", seminars: "3", seminars_field: "1" }, 5),
  },
  {
    name: "answer 0",
    run: send("0"),
    expect: /Please check the values and submit the report/,
    draft: answers({ services_ekyzmet: "1500", services_egov: "700", seminars: "3", seminars_field: "1", violations: "0" }, 6),
  },
  { name: "Submit", run: press(/Submit/), expect: /Report accepted/ },
];

/** What the report holds once submitted. */
export const PUBLIC_SERVICES_VALUES = { services_ekyzmet: 1500, services_egov: 700, seminars: 3, seminars_field: 1, violations: 0 };
