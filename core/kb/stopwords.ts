/**
 * Word lists of the analyser: Chinese particles and question framing, brand names, English
 * function words, negations. General vocabulary only, never words picked for one KB.
 */

/**
 * Particles, pronouns and other glue characters: dropped and used as split points for
 * bigrams, so "冰箱不冷了怎么办" yields 冰箱 箱不 不冷 | 怎么 么办 and not 冷怎.
 * 不/没 are NOT here: 不制冷, 不排水, 没画面 carry the meaning.
 */
export const ZH_STOP_CHARS: ReadonlySet<string> = new Set([
  ..."的了吗呢吧啊呀嘛哦哈呗啦喔哟嗯我你您他她它们是个这那和与及或就都也又很太给让把被",
  // sentence-final particles of south-western and Xiang Mandarin (坏哒, 是不是坏咯, 看下啰)
  ..."哒咯啰啵噻咧嘞喽",
]);

/**
 * The reduplicated suffixes of ABB adjectives (热烘烘, 冷飕飕, 湿漉漉, 硬邦邦): the first
 * character says it (hot, cold, wet, hard), the suffix only makes it vivid, so after a Han
 * character it is neutral for coverage.
 */
export const ZH_ABB_SUFFIXES: readonly string[] = [
  "烘烘", "乎乎", "呼呼", "飕飕", "冰冰", "兮兮", "巴巴", "糊糊", "漉漉", "淋淋", "腾腾", "邦邦", "梆梆", "嗖嗖", "溜溜", "蒙蒙",
  "沉沉", "绵绵", "哄哄", "叽叽", "塌塌", "拉拉", "吞吞", "丝丝", "飘飘", "悠悠", "汪汪", "森森", "洞洞", "麻麻",
]; // prettier-ignore

/**
 * Question framing and politeness. Indexed and searched (怎么 vs 多久 separates "how do I
 * change the filter" from "how often"), but they say nothing about the topic, so they are
 * neutral for coverage.
 */
export const ZH_NEUTRAL_PHRASES: readonly string[] = [
  "怎么回事", "怎么处理", "怎么解决", "怎么弄", "怎么搞", "怎么样", "怎么办", "怎么", "怎样", "咋回事", "咋整", "咋办", "咋弄", "咋",
  "如何", "为什么", "为啥", "什么", "啥", "么子", "啥子", "咋个", "晓得", "多久", "多长时间", "多长", "是否", "能不能", "可不可以", "可以", "一下",
  "请问", "你好", "您好", "谢谢", "麻烦", "帮忙", "帮我", "一直", "总是", "老是", "经常", "突然", "现在", "今天", "昨天",
  "有点", "有些", "好像", "感觉", "应该", "需要", "意思", "问题", "情况", "原因", "处理", "解决", "一点", "还是", "出现",
  "显示", "发现", "最近", "刚买", "刚刚", "新买", "哪里", "哪儿", "在哪", "哪个", "哪些", "多少", "几点",
  "几个", "能否", "是不是", "有没有", "会不会", "要不要", "一般", "工作", "正常", "坏了", "坏掉",
  "型号", "机型", "开始", "已经", "前天", "前几天", "这几天", "好几天", "几天", "两天", "三天", "刚才", "早上", "晚上",
  "昨晚", "今早", "上午", "下午", "时候", "家里", "我家", "买的",
  "一会儿", "一会", "半天", "特别", "非常", "厉害", "不行", "每次", "有时候", "偶尔", "好久", "半夜", "这个", "东西", "怎么了", "咋了",
  // how long, since when (the English minute, hour, day … are neutral words too)
  "小时", "钟头", "分钟", "中午", "一晚上", "整晚", "整天", "一整天", "天天", "每天", "个月", "上个月", "半年", "一年", "两年",
  "三年", "几年", "年多", "去年", "前年", "上周", "上个星期", "这两天", "很久", "挺久", "老半天", "好半天",
]; // prettier-ignore

/** Brand names: say which product, not what is wrong with it, so neutral for coverage. */
export const BRAND_NAMES: readonly string[] = [
  "海尔", "美的", "格力", "海信", "长虹", "创维", "康佳", "小天鹅", "西门子", "松下", "三星", "索尼", "夏普", "小米", "华为",
  "荣耀", "苹果", "奥克斯", "志高", "容声", "美菱", "博世", "惠而浦", "九阳", "苏泊尔", "沁园", "安吉尔", "史密斯", "飞利浦",
  "方太", "格兰仕", "统帅", "卡萨帝", "红米", "一加", "魅族", "老板", "华帝", "万和", "万家乐", "林内", "樱花", "东芝", "日立",
  "德龙", "惠普", "佳能", "爱普生", "兄弟", "联想", "戴尔", "华硕", "宏碁", "戴森", "科沃斯", "石头", "追觅", "云鲸", "极米",
  "当贝", "坚果", "漫步者", "倍思", "绿联", "凯迪仕", "德施曼", "鹿客", "飞科", "摩飞", "小熊", "北鼎", "德尔玛", "莱克", "艾美特",
  "帅康", "樱雪", "能率", "碧然德", "怡口", "海康", "萤石", "普联", "腾达", "三洋", "先锋", "奥佳华", "荣事达", "新飞", "澳柯玛",
]; // prettier-ignore

export const EN_BRANDS: ReadonlySet<string> = new Set([
  "haier", "midea", "gree", "hisense", "changhong", "skyworth", "konka", "siemens", "panasonic", "samsung", "sony", "sharp",
  "xiaomi", "huawei", "honor", "apple", "ipad", "aux", "bosch", "whirlpool", "joyoung", "supor", "philips", "lg",
  "tcl", "oppo", "vivo", "redmi", "oneplus", "meizu", "galanz", "casarte", "pixel", "galaxy", "mi", "toshiba", "hitachi", "rinnai",
  "delonghi", "hp", "canon", "epson", "brother", "lenovo", "dell", "asus", "acer", "dyson", "ecovacs", "roborock", "dreame", "xgimi",
  "nespresso", "breville", "kenwood", "tefal", "braun", "sonicare", "jbl", "bose", "beats", "anker", "logitech", "nikon", "garmin",
  "fitbit", "electrolux", "beko", "miele", "smeg", "sanyo", "iphone",
]); // prettier-ignore

/** English function words: dropped entirely. Negations too (the topic word carries the meaning). */
export const EN_STOP_WORDS: ReadonlySet<string> = new Set(
  (
    "a an the i im ive id me my mine we us our you your yours he him his she her it its they them their this that these those " +
    "myself yourself himself herself itself ourselves themselves " +
    "is am are was were be been being do does did done doing have has had having will would shall should can could may might must " +
    "to of in on at by for with from into onto about as and or but if so than then there here out up down off over under " +
    "not no nor dont doesnt didnt isnt arent wasnt werent wont cant cannot couldnt wouldnt shouldnt havent hasnt " +
    "dosent dosnt doesent doesen didint dident wount wonot isint cnt " +
    "just very too also really quite some any all every each more most much many lot lots get got gets getting " +
    "oh ok okay hi hello hey dear thanks thank pls plz please sir madam yes yeah " +
    // chat: filler and vague words that say nothing of the fault
    "like gonna wanna lol kinda sorta guy guys anyway stuff"
  ).split(/\s+/),
);

/** English question framing: searched, neutral for coverage. */
export const EN_NEUTRAL_WORDS: ReadonlySet<string> = new Set(
  (
    "how what why when where which who whats hows whom long often help fix fixed problem problems issue issues keep keeps kept " +
    "still anymore again suddenly always sometimes now today yesterday need needs want wants new bought recently showing shows " +
    "show display displays displaying says said mean means meaning happen happened happening wrong something thing anything work time " +
    "works working stop stopped stops model since started start starting morning evening night days week weeks ago " +
    "minute minutes hour hours day constantly randomly lately properly"
  ).split(/\s+/),
);

/** Negations, folded to `not` for lexicon phrases ("won't cool" = "not cooling"). */
export const EN_NEGATIONS: ReadonlySet<string> = new Set(
  (
    "not no never dont doesnt didnt isnt arent wasnt werent wont cant cannot couldnt wouldnt shouldnt havent hasnt aint nothing " +
    // as typed on a phone
    "dosent dosnt doesent doesen didint dident wount wonot isint cnt"
  ).split(" "),
);
/** Skipped when matching lexicon phrases: auxiliaries, articles, pronouns, intensifiers. */
export const EN_PHRASE_SKIP: ReadonlySet<string> = new Set(
  (
    "a an the my our your its it is am are was were be been being do does did will would can could should shall may might " +
    "at all any anymore properly correctly very really just still again even quite so too keep keeps kept seem seems " +
    "i me we you he she they this that there itself themselves"
  ).split(" "),
);
