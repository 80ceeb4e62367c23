/**
 * The customer file's fields (客户档案: name, phone, address, area): how a typed answer is
 * checked and stored. Used by the profile edits and by the report intake, which asks for
 * whatever the file still lacks.
 */
import { AREAS, normalizePhone } from "../domain/customer.ts";
import type { TurnContext } from "./context.ts";
import { matchChoice } from "./format.ts";
import { afterTypedPhone } from "./link-file.ts";
import { MAX_FIELD } from "./types.ts";

export const PROFILE_FIELDS = ["name", "phone", "address", "area"] as const;
export type ProfileField = (typeof PROFILE_FIELDS)[number];

/** The shortest address taken (anything shorter cannot be found by an engineer). */
export const MIN_ADDRESS_CHARS = 4;
/** Words that place an address outside the city, or inside it, when the area is typed. */
const SUBURB_WORDS = /(郊|县|镇|乡|村|suburb|rural|outskirt)/i;
const CITY_WORDS = /(市区|城区|市内|city|downtown|urban)/i;

export function isProfileField(value: string | undefined): value is ProfileField {
  return !!value && (PROFILE_FIELDS as readonly string[]).includes(value);
}

/**
 * Validates and stores one profile field; returns an error message for the customer, or
 * null once stored (the turn's customer is updated).
 *
 * @example
 * ```ts
 * const problem = await saveProfileField(turn, "phone", "138 0013 8000");
 * if (problem) turn.send(problem);
 * ```
 */
export async function saveProfileField(turn: TurnContext, field: ProfileField, text: string): Promise<string | null> {
  const ui = turn.ui;
  let value: string;
  switch (field) {
    case "name":
      if (text.length > MAX_FIELD.name) return ui.invalid.tooLongField(MAX_FIELD.name);
      value = text;
      break;
    case "phone": {
      const phone = normalizePhone(text);
      if (!phone) return ui.invalid.phone;
      value = phone;
      break;
    }
    case "address":
      if (text.length < MIN_ADDRESS_CHARS) return ui.invalid.tooShort;
      if (text.length > MAX_FIELD.address) return ui.invalid.tooLongField(MAX_FIELD.address);
      value = text;
      break;
    case "area": {
      const area = matchChoice(text, AREAS, ui.areas) ?? (SUBURB_WORDS.test(text) ? "suburb" : CITY_WORDS.test(text) ? "city" : undefined);
      if (!area) return ui.invalid.pickButton;
      value = area;
      break;
    }
  }
  turn.customer = await turn.tx.customers.update(turn.customer.id, { [field]: value });
  if (field === "phone") await afterTypedPhone(turn, value);
  return null;
}
