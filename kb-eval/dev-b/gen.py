# Generates the dev-b KB (a second shop, "安家电器维修站", in its own voice) and its questions.
# Questions are split by line into questions.dev.jsonl (tuning) and questions.held.jsonl
# (evaluated only at the end). Regenerate with: python3 kb-eval/dev-b/gen.py
import os, json
HERE = os.path.dirname(os.path.abspath(__file__))
E = []  # (file, front matter, body)
Q = []  # (q, expect, tags, product)
def e(fname, fm, body, qs):
    E.append((fname, fm, body))
    eid = None
    for line in fm.split("\n"):
        if line.startswith("id:"): eid = line[3:].strip()
    if eid is None: eid = fname[:-3]
    for q in qs:
        if isinstance(q, tuple): Q.append((q[0], eid, q[1], q[2] if len(q) > 2 else None))
        else: Q.append((q, eid, [], None))
def oos(q, tags=(), product=None): Q.append((q, None, ["oos", *tags], product))

e("kongqi-zhaguo-bu-re.md", "title: 空气炸锅不加热\nproducts: [空气炸锅]\nquestions:\n  - 空气炸锅风扇在转但是不热", """【安家维修站】空气炸锅不热，按下面顺序查：
1. 炸篮要推到底，没推到位机器不会加热（安全开关）。
2. 温度旋钮和时间旋钮都要转，只转时间只会吹风。
3. 闻到焦味或看到冒烟请立即拔电。
仍不加热，回复「仍需服务」，我们安排师傅。""", [
 "空气炸锅开了半天还是凉的", ("空氣炸鍋不會熱", ["traditional"]), ("空气渣锅不热了", ["homophone"]),
 ("my air fryer fan runs but it does not get hot", ["cross-lang"]), ("air fryer not heating up", ["cross-lang"]), "炸锅不热薯条炸不熟"])
e("air-fryer-smoke.md", "title: White smoke coming out of the air fryer\nproducts: [air fryer]\nlang: en", """White smoke from an air fryer is almost always fat or water on the heating element:
- Empty the drawer of fat after every use; fatty food (bacon, wings) drips and smokes.
- Do not fill above the MAX line.
- Black smoke or a burning plastic smell: unplug at once and do not use it again.
Reply "still need service" and a technician will call you.""", [
 "air fryer is smoking a lot", "white smoke from my air fryer when cooking bacon", ("空气炸锅冒白烟", ["cross-lang"]),
 ("空气炸锅一用就冒烟", ["cross-lang"]), ("air fyrer smokes", ["typo"])])
e("kafeiji-bu-chu-shui.md", "id: coffee-no-water\ntitle: 咖啡机不出水、不出咖啡\nproducts: [咖啡机]", """咖啡机不出水，多数是水箱或水垢的问题：
1. 水箱装到位，底部阀门要压下去。
2. 长期不除垢会堵住管路，用除垢剂跑一遍除垢程序。
3. 研磨太细、压粉太紧也会出不来，换粗一点的粉。
除垢后还不出水，回复「仍需服务」。""", [
 "咖啡机按了没有咖啡出来", ("咖啡機不出水", ["traditional"]), ("coffee machine not dispensing any water", ["cross-lang"]),
 ("my espresso machine pumps but nothing comes out", ["cross-lang"]), "咖啡机只响不出水", ("德龙ECAM22.110咖啡机不出咖啡", ["model"])])
e("coffee-descale-light.md", "title: Descale light is on (coffee machine)\nproducts: [coffee machine]\nquestions:\n  - the descale light on my coffee maker stays on\n  - how do I descale the coffee machine", """The descale light means scale has built up. Run the descaling programme:
1. Empty the drip tray, fill the tank with water and descaler.
2. Hold the descale button 3 seconds (see your manual) and let the cycle run.
3. Rinse with a full tank of clean water.
The light only goes out when the whole cycle has finished.""", [
 "coffee maker keeps showing the descaling light", ("咖啡机除垢灯一直亮", ["cross-lang"]), ("咖啡机怎么除水垢", ["cross-lang"]),
 ("descale light wont go off", ["typo"])])
e("diandong-yashua.md", "title: 电动牙刷充不进电\nproducts: [电动牙刷]\nquestions: []", """电动牙刷充不上电：
1. 刷柄要直立放在底座上，歪了就充不上。
2. 底座插头换个插座试试，浴室插座可能没电。
3. 电池用了两三年会老化，续航越来越短。
仍不行，回复「仍需服务」。""", [
 "牙刷放上去不充电", ("electric toothbrush won't charge", ["cross-lang"]), ("電動牙刷充不了電", ["traditional"]),
 "电动牙刷灯不亮也不充电", ("toothbrush not charging on its base", ["cross-lang"])])
e("smart-lock-battery.md", "title: Smart door lock low battery or dead\nproducts: [smart lock]\nquestions:\n  - my smart lock says low battery", """Smart locks run on AA batteries (4 or 8). When the lock beeps "low battery":
- Replace all batteries at once, same brand, alkaline (not rechargeable).
- Dead lock, locked out: most locks have a USB-C emergency port under the keypad; a power bank opens it.
- Keep the mechanical key outside the house.""", [
 "smart lock beeping low battery", ("智能门锁没电了打不开门", ["cross-lang"]), ("指纹锁提示电量低", ["cross-lang"]),
 ("door lock battery died and im locked out", []), ("smart lock battry low", ["typo"])])
e("zhiwen-suo.md", "id: fingerprint-not-recognized\ntitle: 指纹锁识别不了指纹\nproducts: [智能门锁]", """指纹识别不灵：
- 手指太干或有水都会识别失败，擦干或哈口气再试。
- 指纹头脏了，用干布擦一下。
- 重新录入指纹，每个手指录两次。
- 冬天识别率下降属于正常，可以用密码开门。""", [
 "指纹锁老是识别失败", ("指紋鎖識別不了", ["traditional"]), ("fingerprint lock does not recognize my finger", ["cross-lang"]),
 "门锁按指纹没反应", ("指文锁打不开", ["homophone"]), ("凯迪仕K20指纹识别不了", ["model"])])
e("touyingyi-mohu.md", "title: 投影仪画面模糊\nproducts: [投影仪]\nquestions:\n  - 投影出来的画面不清楚", """投影画面模糊：
1. 转动对焦环或在设置里自动对焦。
2. 投影距离太近或太远都对不上焦，按说明书距离摆放。
3. 镜头有灰或指纹，用镜头纸擦。
4. 画面一边清楚一边糊是梯形校正问题，把机器摆正。""", [
 "投影仪看不清楚，很模糊", ("projector image is blurry", ["cross-lang"]), ("投影儀畫面模糊", ["traditional"]),
 ("projector picture out of focus", ["cross-lang"]), "投影画面一边清楚一边糊"])
e("projector-overheat.md", "title: Projector shuts off and the temperature light blinks\nproducts: [projector]\nlang: en", """If the projector turns itself off and the temperature light blinks, it is overheating:
- Leave 30 cm free around the vents; never run it in a cupboard.
- Clean the dust filter (monthly in dusty rooms).
- A fan that is not spinning needs a repair.
Reply "still need service" to book a technician.""", [
 "projector turns off by itself after 20 minutes", "temperature warning light flashing on projector", ("投影仪用一会儿就自动关机", ["cross-lang"]),
 ("投影仪温度灯闪", ["cross-lang"])])
e("doujiangji.md", "id: soymilk-maker-overflow\ntitle: 豆浆机溢出、打豆浆冒泡\nproducts: [豆浆机]\nquestions:\n  - 豆浆机打豆浆往外溢", """豆浆溢出：
1. 豆子和水不要超过上水位线。
2. 豆子提前泡，泡过的豆子泡沫少。
3. 防溢电极脏了会失灵，每次用完擦干净。""", [
 "豆浆机冒泡溢出来了", ("soy milk maker boils over", ["cross-lang"]), ("豆漿機溢出來", ["traditional"]), "打豆浆的时候沫子往外冒"])
e("yinshuiji-bu-re.md", "title: 饮水机不出热水\nproducts: [饮水机]\nquestions:\n  - 饮水机加热灯不亮", """饮水机不热：
1. 背面的加热开关要打开（红色开关）。
2. 新机或换桶后先放掉热水口的空气再加热。
3. 加热灯亮但水不热，是加热管或温控器坏了，需要上门。""", [
 "饮水机热水出来是凉的", ("water dispenser no hot water", ["cross-lang"]), ("飲水機沒有熱水", ["traditional"]),
 ("the hot tap on my water cooler is cold", ["cross-lang"]), ("饮水机不热了加热灯不亮", [])])
e("heater-tipping.md", "title: Electric heater switches off (tip-over switch)\nproducts: [electric heater]\nquestions:\n  - my heater keeps switching off", """Most electric heaters have a tip-over switch: on a soft carpet or an uneven floor they switch off.
- Stand it on a hard, level floor.
- An overheat cut-out also stops it: keep clothes and curtains 1 m away, let it cool 30 min.
- If it still cuts out, stop using it and reply "still need service".""", [
 "electric heater turns off every few minutes", ("取暖器用一会就自己断电", ["cross-lang"]), ("电暖器总是自动关", ["cross-lang"]),
 ("space heater keeps cutting off", []), ("heater swiches off", ["typo"])])
e("qunuanqi-weiwei.md", "id: heater-smell\ntitle: 取暖器有焦味\nproducts: [取暖器]", """新取暖器第一次用有轻微异味是正常的，开半小时会散掉。
- 用了很久突然有焦味：灰尘落在发热体上，断电清灰。
- 有塑料烧焦味、冒烟：立刻断电，不要再用，回复「仍需服务」。""", [
 "取暖器一开就有烧焦的味道", ("heater smells like burning", ["cross-lang"]), ("取暖器有股焦糊味", []), ("取暖氣有焦味", ["homophone"])])
e("dehumidifier-full.md", "title: Dehumidifier stopped, tank full light on\nproducts: [dehumidifier]\nquestions: []", """The dehumidifier stops when the tank is full or not seated.
1. Empty the tank and push it all the way in (the float must move freely).
2. The light stays on with an empty tank: the float is stuck; shake it gently.
3. Continuous drain: the hose must slope downwards.""", [
 "dehumidifier tank full light stays on", ("除湿机水满灯一直亮", ["cross-lang"]), ("除濕機水滿燈亮", ["cross-lang", "traditional"]),
 ("dehumidifer stopped working, full light", ["typo"]), ("抽湿机不工作了显示水满", ["cross-lang"])])
e("chushiji-bu-chushi.md", "title: 除湿机不除湿、不出水\nproducts: [dehumidifier]", """除湿机开着但水箱没水：
- 房间湿度低于设定湿度时机器不工作，把湿度调到40%。
- 室温低于5度会结霜，除湿效果很差。
- 滤网堵了，拆下来清洗。
- 压缩机不启动需要上门。""", [
 "除湿机开了一天都没有水", ("dehumidifier runs but collects no water", ["cross-lang"]), "抽湿机不出水", ("除湿机没效果", [])])
e("router-offline.md", "title: Router lost internet (red light)\nproducts: [router]\nlang: en\nquestions:\n  - router red light no internet", """Red or orange internet light on the router:
1. Restart the router and the modem: power off 30 seconds.
2. Check the WAN cable is firmly in the WAN port.
3. Still red: your broadband may be down; call your provider.""", [
 "wifi router shows red light and no internet", ("路由器亮红灯上不了网", ["cross-lang"]), ("路由器断网了", ["cross-lang"]),
 ("my router has no internet connection", [])])
e("dayinji-kazhi.md", "id: printer-paper-jam\ntitle: 打印机卡纸\nproducts: [打印机]\nquestions:\n  - 打印机卡纸怎么取出来", """卡纸处理：
1. 关机拔电，打开前盖和后盖。
2. 双手捏住纸的两边，顺着出纸方向慢慢拉出，不要硬扯。
3. 检查有没有碎纸片留在里面。
4. 纸要理齐，不要放太多，受潮的纸容易卡。""", [
 "打印机老是卡纸", ("printer paper jam", ["cross-lang"]), ("印表機卡紙", ["traditional"]), ("惠普M1136打印机卡纸", ["model"]),
 ("paper stuck in my printer", ["cross-lang"])])
e("printer-faded.md", "title: Printouts are faded or streaky\nproducts: [printer]", """Faded or streaky prints:
- Toner or ink is low: shake the toner cartridge gently, or replace it.
- Run the head cleaning from the printer menu (inkjet).
- Use "normal" not "draft" quality.""", [
 "prints come out very light", ("打印出来的字很淡", ["cross-lang"]), ("打印有白条纹", ["cross-lang"]), ("printer printing faded", [])])
e("shoubiao-bu-tongbu.md", "title: 智能手表连不上手机\nproducts: [智能手表]\nquestions:\n  - 手表和手机蓝牙断开", """手表连不上手机：
1. 手机蓝牙打开，App 保持后台运行。
2. 手表和手机距离不超过10米。
3. 在App里删除设备，手表恢复出厂，再重新配对。""", [
 "手表跟手机配对不上", ("smartwatch won't pair with my phone", ["cross-lang"]), ("手錶連不上手機", ["traditional"]),
 ("watch disconnects from phone bluetooth", ["cross-lang"]), ("华为GT4手表连不上手机", ["model"])])
e("earbuds-one-side.md", "title: Only one earbud plays sound\nproducts: [earbuds]\nquestions:\n  - left earbud no sound", """One earbud silent:
1. Put both buds in the case, close it 10 seconds, take them out together.
2. Clean the mesh with a dry soft brush (earwax blocks the sound).
3. Forget the device in Bluetooth settings and pair again.
4. Reset: hold the case button 15 s until the light flashes.""", [
 "right earbud not working", ("耳机只有一边有声音", ["cross-lang"]), ("蓝牙耳机一只没声音", ["cross-lang"]),
 ("one of my wireless earphones is silent", [])])
e("bijiben-kaiji.md", "id: laptop-no-power\ntitle: 笔记本电脑开不了机\nproducts: [笔记本电脑]", """笔记本按电源没反应：
1. 接上原装充电器，等15分钟再开机（电池完全没电要先充）。
2. 长按电源键15秒强制放电，再开机。
3. 充电灯都不亮，可能是适配器坏了。
4. 进过水的不要开机，直接送修。""", [
 "笔记本电脑按开机键没反应", ("laptop won't turn on", ["cross-lang"]), ("筆記本電腦開不了機", ["traditional"]),
 ("my notebook computer is dead, no lights", ["cross-lang"]), ("联想小新Pro14开不了机", ["model"])])
e("laptop-fan-loud.md", "title: Laptop fan very loud\nproducts: [laptop]\nlang: en", """A loud laptop fan:
- Use it on a hard table, not on a bed or sofa (the vents are underneath).
- Close heavy programs; check Task Manager for something at 100% CPU.
- Dust in the fan: we clean it in the workshop (reply "still need service").""", [
 "laptop fan is really noisy", ("笔记本风扇声音很大", ["cross-lang"]), ("笔记本电脑嗡嗡响很吵", ["cross-lang"]), ("laptop fan loud and hot", [])])
e("xishuji-e2.md", "id: dishwasher-e24\ntitle: 洗碗机显示E24\nproducts: [dishwasher]\nquestions:\n  - 洗碗机报E24", """E24 表示排水不畅：
1. 关机拔电，取出底部过滤网清洗。
2. 检查排水管有没有被压扁、打折。
3. 排水管出口不能高于说明书要求。
清理后仍报 E24，回复「仍需服务」。""", [
 ("洗碗机E24是什么意思", ["error-code"]), ("dishwasher error E24", ["cross-lang", "error-code"]), ("洗碗機顯示E24", ["traditional", "error-code"]),
 ("西门子洗碗机亮E24", ["error-code"]), ("洗碗机报错Ｅ２４", ["full-width", "error-code"])])
e("dishwasher-smell.md", "title: Dishwasher smells bad\nproducts: [dishwasher]\nquestions:\n  - my dishwasher stinks", """A smelly dishwasher:
1. Clean the filter at the bottom weekly.
2. Run an empty hot cycle with a cleaner or a cup of white vinegar.
3. Leave the door ajar after the cycle so it dries.""", [
 "bad odour from the dishwasher", ("洗碗机有臭味", ["cross-lang"]), ("洗碗机里面一股怪味", ["cross-lang"]), ("dishwasher smell like rotten eggs", [])])
e("ranqi-zao-dian-bu-zhao.md", "id: gas-stove-wont-light\ntitle: 燃气灶打不着火\nproducts: [燃气灶]", """燃气灶打不着火：
1. 换电池（灶底下一节1号电池），电池没电只有滴答声没火。
2. 炉头和点火针擦干净，汤水溢出会堵住。
3. 燃气阀门有没有打开。
闻到燃气味：关阀门、开窗，不要开关电器，马上打燃气公司电话。""", [
 "煤气灶点不着", ("燃氣灶打不著火", ["traditional"]), ("gas hob won't ignite, just clicking", ["cross-lang"]),
 ("燃气灶只有哒哒声没有火", []), ("然气灶打不着", ["homophone"]), ("gas stove will not light", ["cross-lang"])])
e("range-hood-oil-drip.md", "title: Range hood drips oil\nproducts: [range hood]\nquestions: []", """Oil dripping from the hood:
- The oil cup is full: empty and wash it.
- Grease filters are saturated: soak them in hot water with washing-up liquid.
- Hood not level, so oil runs to the edge: a technician can re-hang it.""", [
 "oil dripping from my cooker hood", ("抽油烟机往下滴油", ["cross-lang"]), ("油烟机漏油", ["cross-lang"]), ("range hood leaking grease", [])])
e("kongtiao-e1.md", "id: ac-code-e1\ntitle: 空调显示E1\nproducts: [ac]\nquestions:\n  - 空调E1故障", """E1 一般是高压保护：
1. 室外机周围有没有杂物，散热不好会报 E1。
2. 清洗过滤网。
3. 断电5分钟重开。
反复出现 E1 请回复「仍需服务」。""", [
 ("空调显示E1怎么办", ["error-code"]), ("格力空调报E1", ["error-code"]), ("aircon shows E1", ["cross-lang", "error-code"]),
 ("冷氣顯示E1", ["traditional", "error-code"]), ("KFR-35GW空调出现E1", ["model", "error-code"])])
e("ac-outdoor-noise.md", "title: AC outdoor unit is loud\nproducts: [air conditioner]\nlang: en", """A loud outdoor unit:
- Check the bracket bolts; a loose bracket rattles.
- Something touching the fan (leaves, a bag) makes a scraping sound.
- A loud hum at start-up is the compressor and normal for a few seconds.""", [
 "outdoor unit of the air conditioner makes a loud noise", ("空调外机声音很大", ["cross-lang"]), ("空调外机嗡嗡响", ["cross-lang"]),
 ("AC compressor outside rattling", [])])
e("xiyiji-wei-yu.md", "id: washer-pockets\ntitle: 洗衣机衣服上有白色残留\nproducts: [washer]\nquestions:\n  - 洗完衣服上有白色的东西", """衣服上有白色残留：
- 洗衣粉放太多或没溶解，改用洗衣液。
- 纸巾忘在口袋里，洗前检查口袋。
- 清洗洗涤剂盒。""", [
 "洗出来的衣服上全是白渣", ("white residue on clothes after washing", ["cross-lang"]), ("洗衣機洗完衣服有白點", ["traditional"]), "衣服洗完有纸屑"])
e("washer-door-seal-mould.md", "title: Black mould on the washer door seal\nproducts: [washer]\nquestions:\n  - black spots on the rubber seal", """Black mould on the rubber door seal:
1. Wipe the seal with diluted bleach (1:10), wear gloves.
2. Run a 90 °C drum-clean cycle monthly.
3. Leave the door and drawer open after washing.""", [
 "mold on the washing machine rubber", ("洗衣机门封圈发霉发黑", ["cross-lang"]), ("滚筒洗衣机胶圈有黑点", ["cross-lang"]), ("washer gasket mouldy", [])])
e("bingxiang-mendeng.md", "id: fridge-door-alarm\ntitle: 冰箱门没关好一直报警\nproducts: [fridge]\nquestions:\n  - 冰箱滴滴响", """冰箱滴滴报警多半是门没关严：
- 东西挡住门，重新摆放。
- 门封条变形，用吹风机热风吹一下再压平。
- 门关好了还响，可能是门开关坏了。""", [
 "冰箱一直滴滴叫", ("fridge keeps beeping", ["cross-lang"]), ("冰箱門關不緊一直叫", ["traditional"]), ("冰向报警滴滴响", ["homophone"]),
 ("refrigerator door alarm won't stop", ["cross-lang"])])
e("fridge-ice-maker.md", "title: Ice maker not making ice\nproducts: [fridge]\nlang: en", """Ice maker not making ice:
- The ice maker switch or the setting is off.
- The water line valve is closed or the water filter is blocked.
- The freezer must be at -18 °C; a warmer freezer makes no ice.""", [
 "my ice maker stopped making ice", ("冰箱制冰机不出冰", ["cross-lang"]), ("冰箱自动制冰不工作", ["cross-lang"]), ("icemaker not working", ["typo"])])
e("tv-hdmi.md", "title: TV says no signal on HDMI\nproducts: [tv]\nquestions:\n  - HDMI no signal", """"No signal" on HDMI:
1. Choose the right input (HDMI 1 / 2 / 3) with the Source button.
2. Reseat the cable at both ends, try another HDMI port and another cable.
3. Turn the set-top box or console on first, then the TV.""", [
 "TV shows no signal when I plug in the game console", ("电视接HDMI没信号", ["cross-lang"]), ("電視HDMI無信號", ["cross-lang", "traditional"]),
 ("hdmi not working on tv", [])])
e("dianshi-kaiji-man.md", "id: tv-slow\ntitle: 智能电视开机慢、卡顿\nproducts: [tv]", """电视卡顿：
1. 设置-存储，清理缓存，卸载不用的应用。
2. 断电重启（拔电源等1分钟）。
3. 系统更新到最新版本。
4. 仍卡：恢复出厂设置（会清空账号）。""", [
 "电视用起来特别卡", ("smart tv very slow and laggy", ["cross-lang"]), ("電視很卡", ["traditional"]), ("海信65E3F电视卡顿", ["model"]), "电视开机要等好久"])
e("phone-no-sim.md", "title: Phone says no SIM card\nproducts: [phone]\nlang: en\nquestions:\n  - no sim card detected", """"No SIM" on the phone:
1. Restart the phone.
2. Take the SIM tray out, wipe the SIM contacts and put it back the right way.
3. Try the SIM in another phone; if it fails there too, ask your carrier for a new SIM.""", [
 "my phone doesn't detect the sim", ("手机显示无SIM卡", ["cross-lang"]), ("手机读不出电话卡", ["cross-lang"]), ("phone says insert sim card", [])])
e("shouji-pingmu-bu-ling.md", "id: phone-touch\ntitle: 手机屏幕触摸不灵、乱跳\nproducts: [phone]", """触摸失灵：
- 摘掉贴膜和手机壳试试，劣质贴膜会影响触摸。
- 手上有水或充电时触摸乱跳，换原装充电器。
- 重启手机；仍乱跳需要检测屏幕。""", [
 "手机屏幕点不动", ("phone touchscreen not responding", ["cross-lang"]), ("手機螢幕亂跳", ["traditional"]), "屏幕自己乱点", ("iPhone13触屏失灵", ["model"])])
e("jingshuiqi-zaoyin.md", "id: purifier-pump-noise\ntitle: 净水器一直响、不停机\nproducts: [purifier]\nquestions:\n  - 净水器半夜一直在响", """净水器不停机一直响：
1. 进水阀没开全或水压低，压力桶打不满，机器一直制水。
2. 压力桶没气了，需要师傅补气。
3. 废水比例阀坏了会一直排水，需要上门。""", [
 "净水器嗡嗡响停不下来", ("water purifier keeps running and never stops", ["cross-lang"]), ("淨水器一直響", ["traditional"]),
 ("RO机一直在制水不停", []), ("净水器老是响个不停", [])])
e("purifier-tank.md", "title: Purifier tap gives only a little water, then stops\nproducts: [water purifier]\nlang: en", """Water comes out and stops after a cup:
- The storage tank has lost air pressure (it needs about 0.5 bar empty); a technician can refill it.
- The tank valve on top is half closed: open it fully.
- The machine needs 1-2 hours to refill the tank after heavy use.""", [
 "purifier tap runs out after one glass", ("净水器出一杯水就没了", ["cross-lang"]), ("净水器压力桶没水", ["cross-lang"]), ("filter tap stops after a minute", [])])
e("yanchang-baoxiu.md", "id: extended-warranty\ntitle: 延保怎么买、延保包括什么\nquestions:\n  - 可以买延保吗", """延保说明（安家维修站）：
- 购机一年内可加购延保，1年或3年。
- 延保期间同一故障免费维修，人为损坏、进水不包。
- 延保凭购买单号查询，请回复「仍需服务」让客服帮您办理。""", [
 "有没有延长保修", ("can I buy an extended warranty", ["cross-lang"]), ("延保包不包人为损坏", []), ("延長保固怎麼買", ["traditional"])])
e("visit-fee.md", "title: How much is a home visit\nlang: en\nquestions:\n  - what do you charge for a call-out", """Call-out fee (Anjia Repair Station):
- Within warranty: free.
- Out of warranty: a fixed visit fee in the city, more in the suburbs; parts are quoted before the repair.
- If you decide not to repair, you pay only the visit fee.""", [
 "how much does the technician visit cost", ("上门费多少钱", ["cross-lang"]), ("师傅上门收不收费", ["cross-lang"]), ("is there a charge for coming out", [])])
e("gaiqi-dizhi.md", "id: change-address\ntitle: 维修地址填错了怎么改", """地址填错了：在对话里直接发送新地址，写上「改地址」，客服会更新工单。师傅已经出发的，我们会电话通知。""", [
 "我地址写错了", ("I gave the wrong address for the repair", ["cross-lang"]), "上门地址要改一下", ("維修地址改一下", ["traditional"])])
e("cuidan.md", "id: chase-ticket\ntitle: 师傅还没来，催一下", """师傅超过约定时间还没到：
- 回复「催单」，客服会马上联系师傅。
- 约定当天没来，我们会重新安排并电话致歉。""", [
 "师傅怎么还没来", ("the technician hasn't shown up yet", ["cross-lang"]), "等了一上午没人来", ("技師還沒到", ["traditional"])])

# out of scope: shop questions, chat, other products and topics the KB does not cover
for q in ["你们周末上班吗", "what time do you close", "你好", "hello there", "帮我订一张去上海的机票", "今天天气怎么样",
          "你们卖不卖空调", "do you sell laptops", "我要买一台新冰箱", "招不招维修工", "are you hiring",
          "电视遥控器怎么配对", "how do I record a TV show", "洗衣机能洗羽绒服吗", "can I wash a duvet in the washer",
          "冰箱能放在阳台吗", "is it ok to put the fridge in the garage", "空调一晚上多少电", "how much power does my AC use",
          "手机怎么截图", "how do I take a screenshot", "咖啡豆哪里买", "where can I buy coffee beans",
          "打印机怎么扫描", "how to scan with the printer", "空气炸锅能烤蛋糕吗", "can I bake a cake in the air fryer",
          "热水器多少度合适", "路由器密码忘了", "I forgot my wifi password", "豆浆机能做米糊吗",
          "洗碗机用什么洗涤剂", "which detergent for the dishwasher", "微波炉能热鸡蛋吗", "投影仪多少流明好",
          "笔记本能加内存吗", "can I upgrade the RAM on my laptop", "谢谢你们", "thank you very much", "1234"]:
    oos(q)

def main():
    kb = os.path.join(HERE, "kb")
    os.makedirs(kb, exist_ok=True)
    for f in os.listdir(kb): os.remove(os.path.join(kb, f))
    for fname, fm, body in E:
        with open(os.path.join(kb, fname), "w") as fh: fh.write(f"---\n{fm}\n---\n{body}\n")
    dev, held = [], []
    for i, (q, expect, tags, product) in enumerate(Q):
        row = {"q": q, "expect": expect, "lang": "zh" if any("\u4e00" <= c <= "\u9fff" for c in q) else "en", "tags": list(tags)}
        if product: row["product"] = product
        (dev if i % 2 == 0 else held).append(json.dumps(row, ensure_ascii=False))
    for name, rows in (("questions.dev.jsonl", dev), ("questions.held.jsonl", held)):
        with open(os.path.join(HERE, name), "w") as fh: fh.write("\n".join(rows) + "\n")
    print(len(E), "entries,", len(Q), "questions:", len(dev), "dev,", len(held), "held")
main()
