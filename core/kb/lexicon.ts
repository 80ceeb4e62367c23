/**
 * A small bilingual lexicon of after-sales words: symptoms, parts and service requests that
 * customers of any appliance shop use, in Chinese and English. Each concept becomes one
 * shared search term (`~not-cooling`), so an English question reaches a Chinese-only entry
 * and the reverse. Product names come from the catalogue instead (`@fridge`).
 *
 * Only general-purpose vocabulary belongs here, never words picked to make one knowledge
 * base's entry match. English phrases are matched on words after the light normalisation of
 * `enConceptWords` (negations become `not`, auxiliaries and articles are skipped, words are
 * stemmed), so "won't turn on", "does not turn on" and "not turning on" are one phrase.
 * Chinese phrases are matched as substrings of the normalised (simplified) text.
 *
 * The last section names common products a shop's catalogue may not list (air fryers,
 * projectors, routers …): they bridge the languages for a KB's general entries about them,
 * without the catalogue's filtering.
 */

export interface LexiconConcept {
  id: string;
  zh: readonly string[];
  en: readonly string[];
}

export const SYMPTOM_LEXICON: readonly LexiconConcept[] = [
  // ── not working / power ───────────────────────────────────────────────────────────────
  { id: "no-power", zh: ["不开机", "开不了机", "开不开机", "无法开机", "打不开", "不通电", "没反应", "没有反应", "通不了电", "不启动", "启动不了", "没电", "开不了", "按了没反应"], en: ["not turn on", "not switch on", "not start", "not power on", "no power", "dead", "nothing happen", "not respond", "unresponsive"] },
  { id: "shuts-off", zh: ["自动关机", "自己关机", "突然关机", "自动断电", "跳闸", "自动停机", "停机", "自己断电", "自动关", "自己关"], en: ["turn off by itself", "shut off", "shut down", "switch off by itself", "trip breaker", "trip the breaker", "breaker trip", "cut out", "cut off", "switch off", "turn off", "turns itself off"] },
  { id: "restarts", zh: ["重启", "自动重启", "反复重启"], en: ["restart", "reboot", "keep restart"] },
  { id: "frozen-ui", zh: ["死机", "卡死", "卡住", "卡顿", "很卡", "卡在"], en: ["freeze", "frozen", "stuck", "hang", "lag", "laggy"] },
  // ── temperature ───────────────────────────────────────────────────────────────────────
  { id: "not-cooling", zh: ["不制冷", "不冷", "制冷差", "制冷效果差", "不凉", "不够冷", "冷不下来", "降不下来", "温度高", "不结冰", "冻不住", "吹热风"], en: ["not cool", "not cold", "not cooling", "warm inside", "blow warm air", "not freeze", "not freezing", "no cold air", "not cold enough"] },
  { id: "not-heating", zh: ["不加热", "不制热", "不热", "加热慢", "不发热", "热不起来", "没有热水", "不出热水", "水不热", "制热差", "夹生", "煮不熟", "不熟", "不会热", "还是凉的", "没熟", "生的"], en: ["not heat", "not hot", "not warm", "no heat", "no hot water", "heat slow", "undercook", "uncooked", "raw", "not cook", "not get hot", "not heat up", "stay cold", "water is cold"] },
  { id: "overheating", zh: ["发烫", "过热", "很烫", "发热严重", "温度过高", "烫手"], en: ["overheat", "too hot", "get hot", "very hot", "burn hot"] },
  { id: "frost", zh: ["结霜", "结冰", "冰堵", "霜层"], en: ["frost", "ice build", "iced up", "ice up", "icing"] },
  { id: "temperature", zh: ["温度", "调温", "温控"], en: ["temperature", "thermostat"] },
  // ── water ─────────────────────────────────────────────────────────────────────────────
  { id: "leaking", zh: ["漏水", "渗水", "滴水", "漏了", "往外流水", "流水", "出水口漏", "冒水"], en: ["leak", "drip", "water on the floor", "puddle", "seep"] },
  { id: "water-inside", zh: ["积水", "有水", "存水"], en: ["water inside", "water pool", "standing water", "water collect"] },
  { id: "not-draining", zh: ["不排水", "排水慢", "排不出水", "水排不掉", "排水", "堵了", "堵塞"], en: ["not drain", "drain", "drainage", "clog", "block"] },
  { id: "water-flow", zh: ["出水慢", "水流小", "不出水", "水压低", "出水小", "没水"], en: ["slow flow", "low flow", "no water", "water pressure", "trickle", "flow slow", "not dispense"] },
  { id: "water-damage", zh: ["进水", "泡水", "掉水里", "受潮", "淋湿"], en: ["water damage", "drop in water", "wet", "got wet", "liquid damage", "fell in water"] },
  { id: "water-quality", zh: ["水质", "水有味", "口感", "水浑浊", "浑浊", "tds"], en: ["taste", "bad taste", "cloudy", "water quality", "tds"] },
  // ── sound, smell, sight ──────────────────────────────────────────────────────────────
  { id: "noise", zh: ["噪音", "噪声", "响声", "异响", "声音大", "嗡嗡", "咔咔", "吱吱", "有声音", "很吵", "太吵"], en: ["noise", "noisy", "loud", "rattle", "buzz", "hum", "click", "squeak", "grind", "bang"] },
  { id: "vibration", zh: ["震动", "振动", "抖动", "晃动", "跳动", "移位", "共振"], en: ["vibrate", "vibration", "shake", "shaking", "wobble", "move around"] },
  { id: "smell", zh: ["臭味", "异味", "发臭", "霉味", "怪味", "有味道", "难闻", "有股味"], en: ["smell", "odor", "odour", "stink", "musty", "mould smell", "mold smell", "rotten"] },
  { id: "burning", zh: ["烧焦", "焦味", "冒烟", "火花", "打火", "糊味", "起火", "冒白烟", "冒黑烟"], en: ["burn smell", "burning", "smoke", "smoking", "spark", "sparking", "arcing", "fire", "scorch"] },
  { id: "mould", zh: ["发霉", "霉斑", "黑点", "很脏", "发黑"], en: ["mould", "mold", "mouldy", "moldy", "mildew", "dirty", "black spot"] },
  // ── display and signal ───────────────────────────────────────────────────────────────
  { id: "no-picture", zh: ["没画面", "没有画面", "无画面", "黑屏", "不显示", "屏幕不亮", "不亮"], en: ["no picture", "black screen", "no image", "screen blank", "blank screen", "screen dark", "no display"] },
  { id: "no-sound", zh: ["没声音", "没有声音", "无声音", "无声", "静音", "声音小"], en: ["no sound", "no audio", "mute", "sound not work", "silent"] },
  { id: "no-signal", zh: ["无信号", "没信号", "没有信号", "信号差", "搜不到台", "没有节目"], en: ["no signal", "weak signal", "signal", "no channel"] },
  { id: "screen-lines", zh: ["竖线", "横线", "条纹", "花屏", "闪屏", "屏幕闪", "亮线", "坏点", "漏光"], en: ["line on screen", "lines on screen", "vertical line", "horizontal line", "stripe", "flicker", "dead pixel", "distort"] },
  { id: "screen", zh: ["屏幕", "显示屏"], en: ["screen", "display panel", "panel"] },
  { id: "network", zh: ["联网", "连不上网", "wifi", "无线网", "蓝牙", "网络", "配网", "上不了网", "断网", "配对", "连不上"], en: ["wifi", "wi-fi", "network", "internet", "bluetooth", "connect", "pair", "disconnect", "offline"] },
  // ── indicators and codes ─────────────────────────────────────────────────────────────
  { id: "error-code", zh: ["故障码", "错误码", "报错", "代码", "故障代码", "错误代码", "报警", "显示e", "显示f"], en: ["error code", "error", "fault code", "code", "alarm", "warning"] },
  { id: "indicator-light", zh: ["指示灯", "灯闪", "闪烁", "灯一直亮", "红灯", "提示灯", "亮灯", "灯亮"], en: ["indicator", "light blink", "light flash", "blink", "flash", "warning light", "led"] },
  { id: "reset", zh: ["复位", "重置", "清零", "恢复出厂"], en: ["reset", "factory reset"] },
  // ── parts ────────────────────────────────────────────────────────────────────────────
  { id: "filter", zh: ["滤芯", "滤网", "过滤网", "滤棉", "滤膜", "过滤器"], en: ["filter", "cartridge", "membrane"] },
  { id: "replace", zh: ["更换", "换新", "换掉", "换一个", "替换"], en: ["replace", "replacement", "change", "swap"] },
  { id: "clean", zh: ["清洗", "清洁", "清理", "除味", "擦干净"], en: ["clean", "cleaning", "wipe", "wash out"] },
  { id: "scale", zh: ["除垢", "水垢", "水碱", "结垢", "水锈"], en: ["descale", "descaling", "descaler", "scale", "limescale", "scale build"] },
  { id: "door", zh: ["门封", "门锁", "柜门", "舱门", "机门", "冰箱门", "炉门", "门封条", "密封圈", "胶圈", "门封圈"], en: ["door", "lid", "door seal", "gasket", "rubber seal", "seal"] },
  { id: "door-locked", zh: ["门打不开", "开不了门", "门锁住", "门锁死", "打不开门", "门开不了"], en: ["door not open", "door locked", "door stuck", "lid locked", "lid not open", "door lock"] },
  { id: "remote", zh: ["遥控器", "遥控", "遥控板"], en: ["remote", "remote control", "controller"] },
  { id: "battery", zh: ["电池", "掉电", "耗电", "续航", "电量", "电量低", "没电了"], en: ["battery", "batteries", "drain battery", "battery life", "power drain", "low battery"] },
  { id: "battery-drain", zh: ["掉电快", "耗电快", "不耐用", "电用得快", "续航差", "电掉得快"], en: ["battery drain", "drain fast", "battery die fast", "battery not last", "lose charge"] },
  { id: "charging", zh: ["充电", "充不进电", "充不上电", "不充电", "充电慢", "充电器", "充电口", "数据线"], en: ["charge", "charging", "charger", "not charge", "charge slow", "cable", "charging port"] },
  { id: "plug", zh: ["插头", "插座", "电源线", "电线"], en: ["plug", "socket", "outlet", "power cord", "cord"] },
  { id: "button", zh: ["按键", "按钮", "面板", "旋钮"], en: ["button", "key", "knob", "control panel"] },
  { id: "touch", zh: ["触摸", "触控", "触屏", "点不动", "乱跳", "乱点"], en: ["touch", "touchscreen", "touch screen", "touch panel", "ghost touch"] },
  { id: "timer", zh: ["定时", "时间设置", "时钟"], en: ["timer", "schedule", "clock", "delay start"] },
  { id: "mode", zh: ["模式", "设置", "档位", "功能"], en: ["mode", "setting", "program", "programme", "function"] },
  { id: "compressor", zh: ["压缩机"], en: ["compressor"] },
  { id: "fan-motor", zh: ["电机", "马达", "风机"], en: ["motor"] },
  { id: "pipe", zh: ["水管", "管子", "进水管", "排水管", "软管", "接头", "管道"], en: ["pipe", "hose", "tube", "fitting", "connector"] },
  { id: "drum", zh: ["内筒", "甩干", "脱水", "转不动", "不转"], en: ["drum", "spin", "not spin", "tub", "spin cycle"] },
  { id: "gas", zh: ["燃气", "煤气", "天然气", "打不着火", "点不着"], en: ["gas", "ignite", "ignition", "not light"] },
  { id: "power-supply", zh: ["电源", "电压", "供电"], en: ["power", "voltage", "power supply"] },
  { id: "app", zh: ["软件", "应用", "系统", "更新", "升级", "刷机"], en: ["app", "software", "update", "upgrade", "system", "firmware"] },
  { id: "boot-loop", zh: ["卡在开机", "开机画面", "卡logo", "开不了机画面", "一直重启", "卡在logo"], en: ["stuck on logo", "boot loop", "stuck at logo", "logo screen", "not boot"] },
  { id: "camera-sensor", zh: ["摄像头", "相机", "拍照"], en: ["camera", "photo"] },
  { id: "broken-part", zh: ["裂了", "破了", "碎了", "断了", "裂开", "掉了", "松了", "变形", "摔坏", "摔碎"], en: ["crack", "broken", "break", "snap", "loose", "fall off", "bent", "smash", "shatter"] },
  { id: "rust", zh: ["生锈", "锈迹", "锈蚀"], en: ["rust", "corrosion"] },
  { id: "electric-shock", zh: ["漏电", "电人", "麻手", "触电"], en: ["electric shock", "shock", "tingle"] },
  { id: "slow", zh: ["很慢", "太慢", "变慢"], en: ["slow", "slowly", "take long", "take forever"] },
  { id: "weak", zh: ["效果差", "吸力小", "风小", "风力小", "火小", "吸力弱", "没劲"], en: ["weak", "poor performance", "low suction", "weak airflow", "no suction"] },
  { id: "ice-maker", zh: ["制冰"], en: ["ice maker", "make ice"] },
  { id: "food-spoil", zh: ["放坏", "变质", "坏掉了", "保鲜"], en: ["food spoil", "go bad", "goes off", "spoil"] },
  // ── service requests ─────────────────────────────────────────────────────────────────
  { id: "install", zh: ["安装", "装机", "移机", "拆机", "上门安装", "调试"], en: ["install", "installation", "set up", "setup", "mount", "move the unit"] },
  { id: "repair", zh: ["维修", "报修", "修理", "修一下", "上门", "师傅", "检修"], en: ["repair", "fix", "technician", "engineer", "send someone", "come and look", "service visit"] },
  { id: "maintenance", zh: ["保养", "维护", "年检"], en: ["maintenance", "service check", "servicing", "tune up"] },
  { id: "warranty", zh: ["保修", "质保", "三包", "保修期", "包修", "免费维修", "过保", "延保", "延长保修", "保固"], en: ["warranty", "guarantee", "under warranty", "free repair", "out of warranty", "extended warranty"] },
  { id: "fee", zh: ["收费", "费用", "多少钱", "价格", "价钱", "上门费", "要钱", "免费", "收不收费", "花钱", "付费"], en: ["fee", "cost", "price", "how much", "pay for", "paid", "charge for", "call-out", "callout", "call out fee"] },
  { id: "return-exchange", zh: ["退货", "换货", "退换", "退款", "退机"], en: ["return", "exchange", "refund", "money back"] },
  { id: "complaint", zh: ["投诉", "不满意", "态度差", "态度不好", "差评", "找领导", "找经理"], en: ["complain", "complaint", "unhappy", "not satisfied", "dissatisfied", "rude", "manager"] },
  { id: "appointment", zh: ["预约", "约时间", "改时间", "上门时间", "几点来", "什么时候来", "取消预约", "改约"], en: ["appointment", "book", "booking", "reschedule", "visit time", "cancel"] },
  { id: "ticket-status", zh: ["进度", "工单", "单号", "处理到哪", "到哪一步", "查询"], en: ["status", "progress", "ticket", "reference number", "track", "where is my"] },
  { id: "invoice", zh: ["发票", "收据", "购买凭证", "凭证"], en: ["invoice", "receipt", "proof of purchase"] },
  { id: "manual", zh: ["说明书", "怎么用", "使用方法", "操作"], en: ["manual", "instructions", "how to use", "user guide"] },
  { id: "spare-part", zh: ["配件", "零件", "备件"], en: ["spare part", "part", "accessory", "accessories"] },
  // ── more symptoms and parts ──────────────────────────────────────────────────────────
  { id: "overflow", zh: ["溢出", "溢锅", "扑出来", "漫出来", "溢出来", "往外冒", "漫锅", "冒泡"], en: ["boil over", "overflow", "spill over", "foam over"] },
  { id: "wont-switch-off", zh: ["不会自动断电", "不自动断电", "不跳闸", "不断电", "不停机", "停不下来", "不会停"], en: ["not switch off", "not turn off", "never turn off", "never stop", "not stop", "keep run", "never switch off"] },
  { id: "blurry", zh: ["模糊", "不清楚", "看不清", "不清晰", "虚焦", "对焦"], en: ["blurry", "blur", "out of focus", "fuzzy", "not sharp", "focus"] },
  { id: "paper-jam", zh: ["卡纸", "夹纸", "塞纸"], en: ["paper jam", "jam", "paper stuck"] },
  { id: "faded-print", zh: ["很淡", "字淡", "颜色淡", "打印不清", "白条纹", "白条"], en: ["faded", "fade", "streak", "streaky", "print light", "come out light"] },
  { id: "not-recognised", zh: ["识别不了", "识别失败", "不识别", "认不出", "读不出", "检测不到", "识别不到"], en: ["not recognise", "not recognize", "not detect", "not read", "unrecognised", "unrecognized"] },
  { id: "fingerprint", zh: ["指纹"], en: ["fingerprint", "finger"] },
  { id: "sim-card", zh: ["sim卡", "电话卡", "手机卡"], en: ["sim", "sim card"] },
  { id: "residue", zh: ["残留", "白渣", "白点", "纸屑", "白色残留"], en: ["residue", "white mark", "white spot", "lint", "bits on clothes"] },
  { id: "beeping", zh: ["滴滴响", "滴滴叫", "嘀嘀", "蜂鸣", "一直叫"], en: ["beep", "beeping", "chirp"] },
  { id: "tank", zh: ["水箱", "水桶", "压力桶", "储水桶", "水盒"], en: ["tank", "water tank", "reservoir", "storage tank"] },
  { id: "tank-full", zh: ["水满", "水满灯"], en: ["tank full", "full light", "bucket full"] },
  { id: "humidity", zh: ["湿度", "除湿", "抽湿", "潮湿"], en: ["humidity", "humid", "damp", "dehumidify"] },
  { id: "grease", zh: ["油污", "滴油", "漏油", "油杯", "油网", "油烟"], en: ["grease", "oil", "oily", "drip oil", "fume"] },
  { id: "suction", zh: ["吸力", "抽不动", "排烟", "吸不上"], en: ["suction", "extract", "pull the smoke", "not pull"] },
  { id: "lamp", zh: ["照明灯", "灯泡", "灯不亮", "内灯", "里面的灯"], en: ["bulb", "light bulb", "interior light", "lamp", "light went out", "light not work"] },
  { id: "dock", zh: ["充电座", "回充", "底座", "基座"], en: ["dock", "docking", "charging base", "base station", "home base"] },
  { id: "turntable", zh: ["转盘", "玻璃盘", "托盘"], en: ["turntable", "glass plate"] },
  { id: "pop-up", zh: ["弹不出来", "弹不起来", "不弹起"], en: ["not pop", "pop up", "not eject"] },
  { id: "address", zh: ["地址", "住址"], en: ["address"] },
  { id: "technician-late", zh: ["还没来", "没人来", "没到", "迟到", "催单", "催一下", "怎么还不来"], en: ["not shown up", "not show up", "not arrived", "no show", "late", "not come", "still waiting"] },
  { id: "cancel", zh: ["取消"], en: ["cancel", "cancellation"] },
  { id: "rice", zh: ["米饭", "米粒", "煮饭"], en: ["rice"] },
  { id: "ice", zh: ["出冰", "冰块", "制冰机"], en: ["ice", "icemaker", "ice cube"] },
  { id: "vent", zh: ["出风口", "散热孔", "通风"], en: ["vent", "air outlet", "ventilation"] },
  { id: "fan-part", zh: ["风扇", "散热风扇"], en: ["cooling fan", "fan noise"] },
  // ── products a catalogue may not list ────────────────────────────────────────────────
  { id: "p-air-fryer", zh: ["空气炸锅", "炸锅"], en: ["air fryer", "airfryer"] },
  { id: "p-coffee", zh: ["咖啡机", "咖啡"], en: ["coffee machine", "coffee maker", "espresso machine", "coffee", "espresso"] },
  { id: "p-toothbrush", zh: ["电动牙刷", "牙刷"], en: ["electric toothbrush", "toothbrush"] },
  { id: "p-lock", zh: ["智能门锁", "指纹锁", "密码锁", "电子锁", "门锁"], en: ["smart lock", "door lock", "fingerprint lock", "keypad lock"] },
  { id: "p-projector", zh: ["投影仪", "投影机", "投影"], en: ["projector", "beamer"] },
  { id: "p-soymilk", zh: ["豆浆机", "破壁机"], en: ["soy milk maker", "soymilk maker", "soya milk maker"] },
  { id: "p-dispenser", zh: ["饮水机", "直饮机"], en: ["water dispenser", "water cooler"] },
  { id: "p-heater", zh: ["取暖器", "电暖器", "暖风机", "油汀", "小太阳"], en: ["electric heater", "space heater", "fan heater", "radiator"] },
  { id: "p-router", zh: ["路由器", "光猫"], en: ["router", "modem"] },
  { id: "p-printer", zh: ["打印机", "复印机", "一体机"], en: ["printer", "copier", "print"] },
  { id: "p-computer", zh: ["笔记本电脑", "笔记本", "电脑", "台式机"], en: ["laptop", "notebook", "computer", "pc"] },
  { id: "p-tablet", zh: ["平板电脑", "平板"], en: ["tablet", "ipad"] },
  { id: "p-earphones", zh: ["耳机", "蓝牙耳机", "耳塞"], en: ["earbud", "earbuds", "earphone", "earphones", "headphone", "headphones", "headset"] },
  { id: "p-watch", zh: ["智能手表", "手表", "手环"], en: ["smartwatch", "smart watch", "fitness band"] },
  { id: "p-toaster", zh: ["多士炉", "烤面包机", "吐司机"], en: ["toaster"] },
  { id: "p-speaker", zh: ["音箱", "音响", "智能音箱"], en: ["speaker", "smart speaker", "soundbar"] },
  { id: "p-monitor", zh: ["显示器"], en: ["monitor"] },
  { id: "p-camera", zh: ["监控", "摄像机", "门铃", "行车记录仪"], en: ["security camera", "cctv", "doorbell", "dash cam", "dashcam"] },
  { id: "p-shaver", zh: ["剃须刀", "刮胡刀"], en: ["shaver", "razor"] },
  { id: "p-iron", zh: ["熨斗", "挂烫机"], en: ["iron", "garment steamer"] },
  { id: "p-pressure-cooker", zh: ["电压力锅", "高压锅", "压力锅"], en: ["pressure cooker", "instant pot"] },
  { id: "p-steriliser", zh: ["消毒柜", "消毒器"], en: ["steriliser", "sterilizer", "disinfection cabinet"] },
  { id: "p-console", zh: ["游戏机", "机顶盒"], en: ["game console", "console", "set-top box", "set top box"] },
  { id: "p-ebike", zh: ["电动车", "电瓶车", "电动自行车"], en: ["e-bike", "ebike", "electric bike", "scooter"] },
  { id: "p-massage", zh: ["按摩椅", "按摩器"], en: ["massage chair", "massager"] },
  { id: "p-bread-maker", zh: ["面包机"], en: ["bread maker", "breadmaker"] },
  { id: "p-juicer", zh: ["榨汁机", "原汁机"], en: ["juicer"] },
  { id: "p-steamer", zh: ["蒸箱", "电蒸锅", "蒸烤箱"], en: ["steam oven", "food steamer"] },
  { id: "p-blanket", zh: ["电热毯"], en: ["electric blanket", "heated blanket"] },
];
