// The report feature's buttons. Each carries only ids and indices; handlers re-check them against the person's
// own unit, the open periods and the draft as it stands.
import { z } from "zod";
import { callbackAction, int, token } from "../../callbacks.ts";

/** Choose a form. */
export const formChoice = callbackAction("rform", z.tuple([token]));
/** Choose a period of a form. */
export const periodChoice = callbackAction("rper", z.tuple([token, token]));
/** Show earlier open periods of a form. */
export const earlierPeriods = callbackAction("rmore", z.tuple([token]));
/** On a submitted report: correct it, or leave it. */
export const correctChoice = callbackAction("rfix", z.tuple([token, token, z.enum(["correct", "leave"])]));
/** An unfinished draft met again: continue, start over, or another report. */
export const draftChoice = callbackAction("rdraft", z.tuple([z.enum(["continue", "restart", "other"])]));
/** Question buttons; the question index makes an old message's button harmless. */
export const questionNav = callbackAction("rq", z.tuple([z.enum(["back", "skip", "keep", "same", "cancel"]), int]));
/** A choice figure's option (option index, question index). */
export const optionChoice = callbackAction("ropt", z.tuple([int, int]));
/** Saying back a number: yes, or type again (question index). */
export const readBack = callbackAction("rread", z.tuple([z.enum(["yes", "retype"]), int]));
/**
 * A reading of a number whose scale is asked (reading index, question index): the index is into the readings the
 * handler computes again from the draft's pending number, never a value.
 */
export const scaleChoice = callbackAction("rscale", z.tuple([int, int]));
/** Findings: accept as is, add a comment, or change the figure (figure index). */
export const findingAnswer = callbackAction("rfind", z.tuple([z.enum(["accept", "comment"])]));
/** Change one figure (figure index) from a finding or the card. */
export const changeFigure = callbackAction("rchg", z.tuple([int]));
/** The card: submit, list figures to change, cancel. */
export const cardAction = callbackAction("rcard", z.tuple([z.enum(["submit", "change", "cancel", "show"])]));
/** Confirming that a draft should be discarded. */
export const discardChoice = callbackAction("rdrop", z.tuple([z.enum(["yes", "no"])]));

/** Buttons that only make sense inside an open draft. */
export const walkActions = [questionNav, optionChoice, readBack, scaleChoice, findingAnswer, changeFigure, cardAction, discardChoice];
