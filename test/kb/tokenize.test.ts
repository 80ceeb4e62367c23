import { describe, it, expect } from "vitest";
import { NAME_TERM_WEIGHT, analyzeText, detectLang, detectProducts, normalizeText, queryTerms, stemEn, tokenize, withoutDegreeAdverbs } from "../../core/kb/tokenize.ts";

/** The lexicon concepts a text stands for. */
const concepts = (q: string) => analyzeText(q).terms.filter((t) => t.startsWith("~"));
/** The text's units that count towards coverage. */
const content = (q: string) =>
  analyzeText(q)
    .units.filter((u) => u.kind === "content")
    .map((u) => u.text);

describe("normalizeText", () => {
  it("turns full-width letters, digits and punctuation half-width and lowercases", () => {
    expect(normalizeText("Ｅ１故障！ＫＦＲ－３５ＧＷ")).toBe("e1故障!kfr-35gw");
  });
});

describe("tokenize (CJK)", () => {
  it("emits character bigrams for a Han run", () => {
    const t = queryTerms("净水器漏水");
    for (const bg of ["净水", "水器", "器漏", "漏水"]) expect(t).toContain(bg);
  });

  it("adds Intl.Segmenter words longer than a bigram", () => {
    // 净水器 is a dictionary word: a term of its own besides the bigrams
    expect(queryTerms("净水器滤芯多久换一次")).toContain("净水器");
  });

  it("splits Han runs at particles/pronouns so no bigram spans them", () => {
    const t = queryTerms("冰箱不冷了怎么办");
    expect(t).toContain("不冷");
    expect(t).toContain("怎么");
    expect(t).not.toContain("冷了");
    expect(t).not.toContain("了怎");
    expect(t).not.toContain("了");
  });

  it("keeps rank-only unigrams out of coverage but in the term list", () => {
    const a = analyzeText("冰相不制冷");
    expect(a.terms).toContain("冰");
    expect(a.termUnits.has("冰")).toBe(false);
    expect(a.unigramUnits.get("冰")).toEqual([0]);
    expect(a.termWeight.get("冰")).toBeLessThan(1);
    expect(a.termWeight.get("制冷")).toBe(1);
  });

  it("classifies units: particles are stop, framing/brands/product names neutral, the problem is content", () => {
    const a = analyzeText("海尔冰箱不冷了怎么办");
    const kinds = Object.fromEntries(a.units.map((u) => [u.text, u.kind]));
    expect(kinds["了"]).toBe("stop");
    expect(kinds["海"]).toBe("neutral");
    expect(kinds["冰"]).toBe("neutral");
    expect(kinds["怎"]).toBe("neutral");
    expect(kinds["不"]).toBe("content");
    expect(kinds["冷"]).toBe("content");
  });
});

describe("tokenize (Latin, model numbers, error codes)", () => {
  it("keeps model numbers whole and split", () => {
    const t = tokenize("KFR-35GW 空调");
    expect(t.slice(0, 3)).toEqual(["kfr-35gw", "kfr", "35gw"]);
  });

  it("full-width error codes match their half-width form", () => {
    expect(queryTerms("Ｅ１")).toEqual(["e1"]);
    expect(queryTerms("显示Ｅ２１")).toContain("e21");
  });

  it("error codes are content, model numbers and plain numbers neutral", () => {
    const kinds = analyzeText("E1 BCD-215 215").units.map((u) => u.kind);
    expect(kinds).toEqual(["content", "neutral", "neutral"]);
  });

  it("drops English stop words and joins contractions", () => {
    // plus the language-neutral product and concept terms, and the negated word
    expect(queryTerms("My washer won't drain!")).toEqual(["washer", "drain", "@washer", "!drain", "~not-draining"]);
  });

  it("a vague concept (something is wrong, not what) is searched but neutral for coverage", () => {
    expect(analyzeText("my washer is acting up").terms).toContain("~not-working");
    expect(content("my washer is acting up")).toEqual([]);
    expect(content("洗衣机不工作")).toEqual([]);
    expect(content("洗衣机不工作，还漏水")).toEqual(expect.arrayContaining(["漏", "水"]));
  });

  it("reads negations as typed on a phone (dosent, wount) as negations", () => {
    const negated = (q: string) => analyzeText(q).terms.filter((t) => t.startsWith("~") || t.startsWith("!"));
    expect(negated("fridge dosent cool")).toEqual(negated("fridge doesn't cool"));
    expect(negated("phone wount charge")).toContain("!charg");
  });

  it('reads "stopped cooling" as "not cooling", but not after a negation', () => {
    expect(concepts("my fridge stopped cooling")).toContain("~not-cooling");
    expect(concepts("my fridge stopped cooling")).toEqual(concepts("my fridge is not cooling"));
    expect(concepts("it won't stop beeping")).toContain("~wont-switch-off");
  });

  it('reads "not giving any water" as "no water", the verb going with the phrase', () => {
    const a = analyzeText("purifier not giving any water");
    expect(a.terms).toContain("~no-water");
    expect(a.terms).toContain("!giv");
    const giving = a.units.findIndex((u) => u.text === "giving");
    expect(a.termUnits.get("~no-water")).toContain(giving);
    expect(analyzeText("the tv doesn't have any power").terms).toContain("~no-power");
    // without "any" the verb stays between: "not giving water" is no phrase of the lexicon
    expect(analyzeText("purifier not giving water").terms).not.toContain("~no-water");
  });

  it("finds a Chinese phrase with a degree adverb inside (水流特别细 says 水流细), once, over all its units", () => {
    expect(withoutDegreeAdverbs("水流特别细")).toEqual({ text: "水流细", at: [0, 1, 4] });
    const a = analyzeText("净水器水流特别细");
    expect(a.terms.filter((t) => t === "~water-flow")).toHaveLength(1);
    const span = a.termUnits.get("~water-flow")!.map((u) => a.units[u]!.text);
    expect(span).toEqual(expect.arrayContaining(["水", "流", "特", "别", "细"]));
    expect(analyzeText("排水贼慢").terms).toContain("~not-draining");
    // 慢 alone says slow, as "slow" does (智能电视开机慢 ↔ smart tv very slow)
    expect(analyzeText("智能电视开机慢").terms).toContain("~slow");
    // an adverb at the edge of the text, or between a Han character and a Latin word, stays
    expect(withoutDegreeAdverbs("很慢").text).toBe("很慢");
    expect(withoutDegreeAdverbs("E1很").text).toBe("E1很");
  });

  it("finds an English phrase that starts inside another and ends after it, not one inside another", () => {
    expect(concepts("tv no power cord plugged in")).toEqual(expect.arrayContaining(["~no-power", "~plug"]));
    expect(concepts("tv no power")).not.toContain("~plug");
    // "low water flow" is a phrase of its own: the weak flow, not a low water level
    expect(concepts("purifier low water flow")).toEqual(["~water-flow"]);
    expect(concepts("tv does not turn on")).toEqual(["~no-power"]);
  });

  it("tells the network (wifi) from pairing (bluetooth) and from connecting in general", () => {
    expect(concepts("电视怎么连wifi")).toContain("~network");
    expect(concepts("电视怎么连wifi")).not.toContain("~pairing");
    expect(concepts("电视怎么连wifi")).not.toContain("~connect");
    expect(concepts("遥控器蓝牙配对不上")).toContain("~pairing");
    expect(concepts("语音遥控器连不上电视")).toContain("~connect");
    expect(concepts("语音遥控器连不上电视")).not.toContain("~network");
    // the same in both languages
    expect(new Set(concepts("phone won't connect to wifi"))).toEqual(new Set(concepts("手机连不上wifi")));
  });

  it("tells no water at all from a weak flow", () => {
    expect(concepts("净水器不出水")).toContain("~no-water");
    expect(concepts("净水器不出水")).not.toContain("~water-flow");
    expect(concepts("净水器出水很小")).toContain("~water-flow");
    expect(concepts("净水器出水很小")).not.toContain("~no-water");
    expect(concepts("no water comes out of the purifier")).toContain("~no-water");
  });

  it("tells the water's taste from its TDS reading and from how it looks", () => {
    expect(concepts("净水器的水不好喝")).toContain("~water-taste");
    expect(concepts("purifier water tastes funny")).toContain("~water-taste");
    expect(concepts("TDS值有80正常吗")).toContain("~tds");
    expect(concepts("TDS值有80正常吗")).not.toContain("~water-quality");
    expect(concepts("tds reading is 80")).toContain("~tds");
    expect(concepts("水有点浑浊")).toContain("~water-quality");
    expect(concepts("水有点浑浊")).not.toContain("~water-taste");
  });

  it("tells a gas appliance that will not light from gas in general", () => {
    // every gas water heater entry says 燃气; only some are about lighting it
    expect(concepts("燃气热水器打不着火")).toEqual(expect.arrayContaining(["~gas", "~ignition"]));
    expect(concepts("燃气热水器水温忽冷忽热")).not.toContain("~ignition");
    expect(concepts("gas water heater won't ignite")).toContain("~ignition");
    expect(new Set(concepts("QY-JSQ13 heater won't ignite"))).toEqual(new Set(concepts("热水器点不着火")));
    // sparks in a microwave are not a flame being lit
    expect(concepts("微波炉里面打火花")).not.toContain("~ignition");
  });

  it("knows salt for a softener or a dishwasher apart from detergent, in both languages", () => {
    expect(concepts("What salt do I put in the water softener")).toContain("~salt");
    expect(concepts("软水机要加什么盐")).toContain("~salt");
    expect(concepts("洗碗机软水盐放哪里")).toContain("~salt");
    expect(concepts("What salt do I put in the water softener")).not.toContain("~detergent");
    expect(concepts("洗碗机用什么洗涤剂")).toContain("~detergent");
  });

  it("reads dishes that come out greasy or with food on them as not clean, and a layer of ice as frost", () => {
    expect(concepts("洗碗机洗完碗还是油乎乎的")).toContain("~not-clean");
    expect(concepts("Dishwasher leaves food on the plates")).toContain("~not-clean");
    expect(concepts("冷冻室结了厚厚一层冰")).toContain("~frost");
  });

  it("reads how customers put common faults in their own words", () => {
    expect(concepts("油烟机吸烟效果很差")).toContain("~suction");
    expect(concepts("油烟机开着，满屋子油烟")).toContain("~suction");
    expect(concepts("洗衣机水放不出去")).toContain("~not-draining");
    expect(concepts("微波炉热了三分钟饭还是冰的")).toContain("~not-heating");
    expect(concepts("饮水机热水出来是凉的")).toContain("~not-heating");
    expect(concepts("净水器半夜都在抽水")).toContain("~water-making");
    expect(concepts("电饭锅煮的饭底下老是糊一层")).toContain("~scorched-food");
    expect(concepts("滤芯大概几个月要换")).toContain("~lifespan");
    expect(concepts("净水器底下全是水")).toContain("~leaking");
    // the shower says a water heater's hot water, in both languages
    expect(concepts("shower water is cold")).toContain("~shower");
    expect(concepts("洗澡水不热")).toContain("~shower");
    expect(analyzeText("水壶烧开了不会自动断电").products).toEqual(["kettle"]);
    // hot water that turns cold halfway; an AC that blows nothing but hot air
    expect(concepts("热水器洗到一半水就变凉了")).toContain("~not-heating");
    expect(concepts("空调吹出来的都是热风")).toContain("~not-cooling");
  });

  it("knows buying an extended warranty apart from the warranty itself, in both languages", () => {
    expect(concepts("延保最多可以买几年")).toContain("~extended-warranty");
    expect(concepts("Can I buy an extended warranty for the TV?")).toContain("~extended-warranty");
    expect(concepts("延保最多可以买几年")).not.toContain("~warranty");
    expect(concepts("保修期多久")).toContain("~warranty");
    expect(concepts("保修期多久")).not.toContain("~extended-warranty");
  });

  it("tells booking a visit from moving one", () => {
    expect(concepts("怎么预约师傅上门")).toContain("~appointment");
    expect(concepts("怎么预约师傅上门")).not.toContain("~reschedule");
    expect(concepts("师傅上门时间能改到明天吗")).toContain("~reschedule");
    expect(concepts("I need to reschedule the repair visit")).toContain("~reschedule");
    expect(concepts("Can your guy come tomorrow instead of today?")).toContain("~reschedule");
    expect(concepts("how do I book a visit")).not.toContain("~reschedule");
    expect(concepts("怎么约师傅上门")).toContain("~appointment");
  });

  it("counts neither dialect particles, chat filler nor the vivid suffix of an ABB adjective as content", () => {
    // Xiang and south-western Mandarin particles
    expect(content("空调是不是坏咯")).not.toContain("咯");
    expect(content("屏幕黑哒，你帮我看下啰")).not.toContain("哒");
    expect(content("屏幕黑哒，你帮我看下啰")).not.toContain("啰");
    // chat filler in English
    expect(content("the fridge is rattling like crazy lol")).not.toContain("like");
    expect(content("the fridge is rattling like crazy lol")).not.toContain("lol");
    // 热烘烘 says hot: 烘烘 only makes it vivid; 涩涩 after 水 is the taste itself
    expect(content("房间里还是热烘烘的")).toContain("热");
    expect(content("房间里还是热烘烘的")).not.toContain("烘");
    expect(content("水涩涩的")).toContain("涩");
  });

  it("tells a phone that will not charge from charging in general", () => {
    expect(concepts("My phone won't charge")).toContain("~not-charging");
    expect(concepts("My phone won't charge")).not.toContain("~charging");
    expect(concepts("手机充电充不进去")).toContain("~not-charging");
    expect(concepts("手机充不进电")).toContain("~not-charging");
    expect(concepts("手机插上充电器没反应")).toContain("~not-charging");
    // hot while charging is about charging, not about a phone that will not charge
    expect(concepts("My phone gets hot when charging")).toContain("~charging");
    expect(concepts("My phone gets hot when charging")).not.toContain("~not-charging");
    expect(concepts("手机充电的时候发烫")).not.toContain("~not-charging");
  });

  it("knows collecting a repair, a blinking light, smoke a hood does not pull, and water that does not all drain", () => {
    expect(concepts("When can I pick up my repaired phone?")).toContain("~pickup");
    expect(concepts("手机修好了没，我什么时候可以来拿")).toContain("~pickup");
    expect(concepts("净水器的滤芯该换了吗，灯一直在闪")).toContain("~indicator-light");
    expect(concepts("range hood doesn't suck up the smoke")).toContain("~suction");
    expect(concepts("range hood doesn't suck up the smoke")).not.toContain("~burning");
    expect(concepts("洗衣机的水排不干净")).toContain("~not-draining");
  });

  it("counts how long something took as framing, and a hyphenated error code as a code", () => {
    expect(content("热水器烧了一个小时水还是不热")).not.toContain("时");
    expect(content("我那个手机用了两年多")).not.toContain("年");
    expect(content("电热水器开了很久水还是温的")).not.toContain("久");
    expect(content("Microwave showing E-03")).toContain("e-03");
    expect(content("KFR-35GW")).toEqual([]);
  });

  it("reads a phone dropped into water and one stuck on the brand's screen", () => {
    expect(concepts("我崽把手机掉到水桶里头去了")).toContain("~water-damage");
    expect(concepts("I dropped my phone in the toilet")).toContain("~water-damage");
    // "dropped" is the water here, not a fall: the phrase takes it
    expect(concepts("I dropped my phone in the toilet")).not.toContain("~dropped");
    expect(concepts("手机一直停在那个牌子的画面，开不了机")).toContain("~boot-loop");
  });

  it("takes a device that turns on as framing, one that won't as no power", () => {
    const a = analyzeText("The TV turns on but just says No Signal");
    expect(a.units.find((u) => u.text === "turns")?.kind).not.toBe("content");
    expect(a.terms).toContain("~no-signal");
    expect(analyzeText("the tv won't turn on").terms).toContain("~no-power");
    expect(analyzeText("the tv won't turn on").units.find((u) => u.text === "turn")?.kind).toBe("content");
  });

  it("finds a Chinese phrase that starts inside another and ends after it, not one inside another", () => {
    // 洗衣机门 | 门打不开: the door, and a door that will not open (not a machine that will not start)
    expect(concepts("滚筒洗衣机门打不开")).toContain("~door-locked");
    expect(concepts("滚筒洗衣机门打不开")).not.toContain("~no-power");
    // nested: 不出水 is no water, not water coming out
    expect(concepts("净水器不出水")).toEqual(["~no-water"]);
  });

  it("weighs a model number like a brand name for ranking: it says which product, not what is wrong", () => {
    const a = analyzeText("QY-JSQ13 热水器打不着火");
    expect(a.termWeight.get("qy-jsq13")).toBe(NAME_TERM_WEIGHT);
    expect(a.units.find((u) => u.text === "qy-jsq13")?.kind).toBe("neutral");
    // an error code is what is wrong: full weight, and content
    expect(analyzeText("热水器报E2").termWeight.get("e2")).toBe(1);
  });

  it("does not count a reflexive pronoun as content (turn itself off)", () => {
    const content = analyzeText("kettle doesn't turn itself off").units.filter((u) => u.kind === "content").map((u) => u.text);
    expect(content).toEqual(["turn"]);
  });

  it("indexes a word and its light stem", () => {
    expect(queryTerms("leaking")).toEqual(["leaking", "leak", "~leaking"]);
    expect(stemEn("charging")).toBe(stemEn("charges"));
    expect(stemEn("spinning")).toBe("spin");
    expect(stemEn("filters")).toBe("filter");
  });

  it("returns nothing for punctuation and stop words only", () => {
    expect(queryTerms("？！。，...")).toEqual([]);
    expect(queryTerms("hello, thanks!")).toEqual([]);
    expect(queryTerms("的了吗")).toEqual([]);
  });
});

describe("detectLang / detectProducts", () => {
  it("any Chinese character means zh", () => {
    expect(detectLang("fridge 不冷")).toBe("zh");
    expect(detectLang("fridge E1")).toBe("en");
  });

  it('a bare "heater" names no product (it may be the water heater), other unserved products do', () => {
    expect(analyzeText("heater not heating").products).toEqual([]);
    expect(analyzeText("water heater not heating").products).toEqual(["water-heater"]);
    expect(analyzeText("laptop will not boot").products).toEqual(["other"]);
  });

  it("finds product names, model prefixes and unserved appliances", () => {
    expect(detectProducts("我的洗衣机和冰箱都坏了")).toEqual(["fridge", "washer"]);
    expect(detectProducts("海尔BCD-215不冷了")).toEqual(["fridge"]);
    expect(detectProducts("KFR-35GW 漏水")).toEqual(["ac"]);
    expect(detectProducts("my washing machine won't drain")).toEqual(["washer"]);
    // the catalogue's categories (longest name first: an air purifier is not a water purifier)
    expect(detectProducts("热水器漏水")).toEqual(["water-heater"]);
    expect(detectProducts("空气净化器不工作")).toEqual(["air-purifier"]);
    expect(detectProducts("電飯煲不熱")).toEqual(["rice-cooker"]);
    // Hong Kong names, in traditional characters
    expect(detectProducts("雪櫃唔凍")).toEqual(["fridge"]);
    expect(detectProducts("焗爐壞咗")).toEqual(["oven"]);
    expect(detectProducts("熱水爐冇熱水")).toEqual(["water-heater"]);
    expect(detectProducts("the ac is leaking")).toEqual(["ac"]);
    expect(detectProducts("back to the car")).toEqual(["other"]);
    expect(detectProducts("accurate cards")).toEqual([]);
  });
});
