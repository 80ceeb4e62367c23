# Generates the dev-shop KB files from the compact list below (kept so the set can be edited and regenerated).
import os, json
E = []
def e(fname, fm, body): E.append((fname, fm, body))

e("dianfanguo-bu-shu.md", "title: 电饭锅煮饭不熟、米饭发硬\ncategory: 电饭锅\nkeywords: [夹生, 煮不熟]\nquestions:\n  - 饭煮好了还是生的", """亲，米饭不熟一般跟放水量和内胆有关，您先这样试试：

## 处理办法
- 按内胆刻度加水，新米少放一点，陈米多放一点。
- 内胆底部和发热盘之间不能有米粒、水渍，有的话断电擦干净再放回去。
- 内胆变形了会受热不均，需要换原装内胆。
- 按键按下去没反应、指示灯不亮，可能是温控器坏了，请不要继续用。

还是不行的话，点一下「仍需服务」，师傅会联系您。""")
e("dianfanguo-yuyue.md", "id: rice-cooker-timer\ntitle: 电饭煲预约煮饭怎么设置\nproducts: [rice-cooker]\nlang: zh\nquestions: []", """预约功能是让电饭煲在您设定的时间把饭煮好：

1. 放好米和水，盖好盖子，插电。
2. 选好功能（精煮、快煮等），再按「预约」键。
3. 用「时/分」键调到想吃饭的时间（有的型号是调几小时后煮好）。
4. 按「开始」，屏幕显示预约图标就设置成功了。

夏天预约时间别太长，米泡太久容易变味。""")
e("dianfanguo-yi-chu.md", "title: 电饭煲煮粥溢锅、往外冒\nproducts: [电饭煲]\nquestions:\n  - 煮粥的时候从出气孔往外喷\n  - 电饭锅一煮就漫出来", """煮粥溢出来多半是米水太多或者用错了功能：

- 煮粥请用「煮粥」功能，不要用煮饭功能。
- 米和水加起来不要超过内胆上粥的最高水位线。
- 排气阀（盖子上的小帽）要拆下来洗，堵了会往外喷。
- 内盖密封圈装歪了也会漏气冒汽，重新按到位。""")
e("microwave-sparks.md", "title: Sparks or flashes inside the microwave\nproducts: [microwave]\nquestions:\n  - there are sparks in my microwave when it runs", """Sparks inside a microwave (arcing) are usually caused by metal or by a dirty cover plate:

- Remove anything metal: foil, twist ties, dishes with gold or silver rims, metal bowls.
- Look at the small mica cover plate on the inside wall. If it is greasy or burnt, clean it; if it has a hole, it needs replacing.
- Wipe off food splatter — burnt spots can arc too.
- Scratched or peeling paint inside the cavity can spark; stop using it until it is checked.

If it keeps sparking with nothing inside, stop using it and tap Still need service.""")
e("weibolu-bu-re.md", "id: weibolu-bu-jiare\ntitle: 微波炉转盘在转但是不热\nproducts: [microwave]\nquestions:\n  - 微波炉热不了饭", """转盘转、灯也亮，但东西不热，可能是：

1. 门没关严。门开关坏了时微波不会工作，关门时听有没有「咔哒」一声。
2. 火力选得太小，或者时间太短，试试高火加热一杯水一分钟。
3. 用了不适合的容器，请用微波专用的玻璃或陶瓷碗。
4. 一杯水高火两分钟还是不热，多半是磁控管或高压部件坏了，这个不能自己拆，里面有高压电。

需要上门的话点「仍需服务」。""")
e("weibolu-zhuanpan.md", "title: 微波炉转盘不转\nproducts: [microwave]", """- 把玻璃转盘拿起来，看下面的滚轮支架有没有放正、有没有卡着饭粒。
- 转盘中间的三叉接头要对准电机轴。
- 东西太大碰到炉壁也转不动，换小一点的碗。
- 以上都正常还是不转，是转盘电机坏了，需要更换。""")
e("kettle-wont-switch-off.md", "title: Kettle does not switch off after boiling\nproducts: [kettle]\nlang: en\nquestions:\n  - my kettle keeps boiling and never clicks off", """The switch-off is triggered by steam reaching a sensor. If it keeps boiling:

- Close the lid firmly — with the lid open, the steam escapes and the sensor never trips.
- Descale the kettle: thick limescale slows the steam. Boil water with a spoon of citric acid or white vinegar, leave it for an hour, rinse twice.
- Do not fill above the MAX line.
- If it still does not switch off, unplug it and stop using it: the thermostat has failed.""")
e("shuihu-shuigou.md", "title: 电水壶里面有白色水垢怎么去除\nproducts: [kettle]\nquestions:\n  - 烧水壶底下好多白色的东西", """白色的是水垢，对人体没大害，但会让烧水变慢、费电：

1. 壶里加水到一半，放一两勺柠檬酸（或者白醋）。
2. 烧开后断电，泡一个小时。
3. 倒掉，用清水烧开冲洗两遍。

一两个月除一次垢，水质硬的地方勤一点。""")
e("range-hood-weak-suction.md", "title: 油烟机吸力小、抽不走油烟\nproducts: [range-hood]\nquestions:\n  - 抽油烟机开最大档烟还是往外跑", """吸力变小最常见的原因是油网太脏或者烟道不畅：

## 自己可以做的
- 拆下油网和油杯，用热水加洗洁精泡洗，油多的话用专用清洗剂。
- 开油烟机的时候把厨房窗户开一条小缝，门窗全关死会影响排风。
- 做饭前一两分钟先开油烟机。

## 需要师傅的情况
- 止回阀卡住、公共烟道倒灌、电机转速明显变慢，请点「仍需服务」。""")
e("range-hood-noise.md", "id: youyanji-zaoyin\ntitle: 油烟机声音特别大、有异响\nproducts: [油烟机]\nlang: zh\nquestions: []", """- 先关机检查油网有没有装好、有没有松动。
- 风轮上积油太多会不平衡，转起来嗡嗡响，需要专业清洗。
- 有金属摩擦声、咔咔声，请马上关掉，可能是风轮碰到了外壳。""")
e("water-heater-no-hot-water.md", "title: 热水器不出热水\nproducts: [water-heater]\nquestions:\n  - 洗澡洗到一半没热水了\n  - 電熱水器不熱", """## 电热水器
- 看显示屏是不是亮的，不亮先检查插座和漏电保护插头（按一下复位键）。
- 水温设置是不是太低，调到 50–60 ℃。
- 刚用完一大桶水，需要等半小时到一小时重新加热。

## 燃气热水器
- 燃气阀门是不是开着，燃气表有没有欠费。
- 打开热水龙头听有没有点火声，没有的话看看电池（有的型号用电池点火）。
- 冬天水压低、水流太小也点不着火，把龙头开大一点。

⚠️ 闻到燃气味请马上关阀门、开窗，不要开关电器，到室外打燃气公司电话。""")
e("water-heater-e-codes.md", "title: 燃气热水器显示E1、E2、E3故障代码\nproducts: [water-heater]\nquestions:\n  - 热水器屏幕上出现E1", """不同品牌代码意思略有不同，常见的：

- **E1**：点火失败。检查燃气阀门、电池，把水龙头开大。
- **E2**：意外熄火。可能是风大倒灌或燃气压力不稳。
- **E3**：温度过高保护。关掉等十分钟再用。

同一个代码反复出现，请记下代码点「仍需服务」。""")
e("water-heater-leak.md", "title: Electric water heater leaking\nproducts: [water heater]\nquestions: []", """First switch the heater off at the plug and close the cold-water inlet valve.

- Water dripping from the safety valve's small pipe while heating is normal (pressure release). A constant stream is not.
- Look at the pipe connections under the tank and tighten any loose nut by hand.
- Water coming out of the tank itself means the inner tank is damaged — do not use the heater; tap Still need service.""")
e("induction-e-code.md", "title: 电磁炉放上锅不加热、一直滴滴叫\nproducts: [induction-cooker]\nquestions:\n  - 电磁炉显示E0\n  - 电磁炉报警不加热", """电磁炉只认铁底锅，放上锅一直「滴滴」响、显示 E0 或 E1，一般是没检测到合适的锅：

- 用磁铁吸一下锅底，吸得住才能用。铝锅、陶瓷锅、玻璃锅都不行。
- 锅底太小、不平或者没放在中间也会报警。
- 显示 E2、E3 多半是温度过高或电压不稳，等它凉了再用。
- 风扇不转、一开就跳闸，请不要再用。""")
e("dishwasher-not-clean.md", "title: 洗碗机洗不干净，碗上有残渣\nproducts: [dishwasher]\nquestions:\n  - 洗碗机洗完碗还是油乎乎的", """1. 碗不要摆太密，碗口朝下朝中间，别挡住喷淋臂。
2. 转一下喷淋臂，能自由转动；喷孔堵了用牙签捅一下。
3. 拧下底部过滤网清洗，残渣堵住会影响洗涤。
4. 用洗碗机专用洗涤块或洗涤剂，不能用普通洗洁精（泡沫太多）。
5. 油污重的选「强力洗」程序。""")
e("dishwasher-wont-drain.md", "title: Dishwasher leaves water at the bottom\nproducts: [dishwasher]\nquestions:\n  - standing water in the dishwasher after the cycle", """A little water under the filter is normal. A lot of water means it cannot drain:

- Take out and rinse the filter at the bottom.
- Check the drain hose behind the machine is not kinked or squashed.
- If the hose goes into the sink drain, make sure that drain is not blocked.
- Run a short programme again; if the water stays, the drain pump may be faulty.""")
e("bingxiang-bu-leng.md", "title: 冰箱冷藏不冷了\nproducts: [fridge]\nquestions: []", """亲，先别急，这几步自己就能查：

- 温度档位是不是被小朋友调到了最弱档，冷藏调到 4 ℃ 左右。
- 门封条有没有贴紧，东西是不是塞太满挡住了出风口。
- 冰箱背后离墙至少留 10 厘米，别放在灶台旁边。
- 压缩机一直不启动（听不到嗡嗡声），或者一直转但就是不冷，就需要师傅上门了，点「仍需服务」。""")
e("fridge-light.md", "title: Fridge light does not come on\nproducts: [refrigerator]\nquestions:\n  - the light inside my fridge is off but it still cools", """If the fridge still cools, only the light or its switch is affected:

- Press the door switch (a small button or magnet sensor near the hinge) with the door open — the light should come on.
- Many new fridges use LED strips that cannot be swapped by the user; older ones have a bulb behind a cover you can unscrew.
- If the light is off *and* the fridge is warm, see the cooling guide instead.""")
e("xiyiji-e21.md", "title: 滚筒洗衣机显示E21、排水报警\nproducts: [washer]\nquestions:\n  - 洗衣机报E21", """E21 在很多品牌的滚筒洗衣机上表示排水超时：

1. 断电，在机器右下角找到排水泵过滤器的小门，下面垫好盆和毛巾。
2. 慢慢拧开过滤器放水，把里面的硬币、纽扣、毛絮清掉。
3. 检查排水管有没有被压扁、打折，出水口别插得太深。
4. 装回去通电，选「单脱水」试一下。""")
e("washer-unbalanced.md", "title: Washing machine bangs and moves during spin\nproducts: [washer]\nquestions: []", """Heavy banging during spin is almost always an unbalanced load or a machine that is not level:

- Spread the laundry evenly; one heavy item (a bath mat, a duvet) alone cannot be balanced — add a few towels.
- Check the four feet: the machine must not rock. Adjust the feet and tighten their lock nuts.
- A new machine: make sure the transport bolts at the back were removed.""")
e("kongtiao-bu-zhire.md", "title: 空调冬天不制热、吹冷风\nproducts: [ac]\nquestions:\n  - 开了制热模式还是吹凉风", """- 刚开机的前 3–5 分钟吹冷风是正常的，空调在预热，等一会儿。
- 确认遥控器上选的是「制热」（太阳图标），温度设得比室温高。
- 室外温度太低（零下十几度）时制热效果会明显变差。
- 外机结了一层厚冰、化霜后还是不热，请点「仍需服务」。""")
e("aircon-water-dripping.md", "title: Water dripping from the indoor air conditioner unit\nproducts: [aircon]\nquestions:\n  - my AC drips water on the floor", """The indoor unit collects condensation and drains it through a hose. It drips when that path is blocked:

- Clean the filters — clogged filters can make the coil freeze and then drip.
- Check the drain hose outside is not blocked, kinked or lifted higher than the unit.
- A unit that is not level will drip from one side.
- If water keeps dripping after that, tap Still need service.""")
e("tv-wifi.md", "title: 电视连不上WiFi\nproducts: [tv]\nquestions:\n  - 电视机无线网络连接失败", """1. 先看手机能不能连上同一个 WiFi，确认网络本身没问题。
2. 电视离路由器太远或者隔着好几堵墙，信号会很弱，试着把路由器挪近一点。
3. 重启路由器和电视（拔电源等一分钟）。
4. 密码注意大小写；5G 频段有些老电视不支持，换 2.4G 试试。
5. 还不行就在设置里「恢复网络设置」后重新连接。""")
e("tv-no-sound.md", "title: TV has picture but no sound\nproducts: [tv]\nquestions: []", """- Press the volume up and the mute buttons on the remote.
- Check the sound output setting: if it is set to a soundbar, optical or HDMI ARC output, switch it back to TV speakers.
- Try another channel or input to see if the sound is missing everywhere.
- Headphones plugged into the TV mute its speakers — unplug them.""")
e("shouji-fa-re.md", "title: 手机发烫严重\nproducts: [phone]\nquestions:\n  - 手機玩一會兒就很燙", """手机用着发热是正常的，烫手就要注意了：

- 边充电边玩游戏、看视频最容易发烫，尽量别这样用。
- 关掉后台不用的应用，把屏幕亮度调低一点。
- 厚手机壳散热不好，发烫时先取下来。
- 不在用也发烫、或者电池鼓包，请马上停止使用，点「仍需服务」。""")
e("phone-screen-cracked.md", "title: Phone screen cracked or touch not working\nproducts: [phone]\nquestions:\n  - I dropped my phone and the screen is broken", """A cracked screen needs a replacement part; until then:

- Put clear tape over the crack so glass splinters do not cut your finger.
- Back up your photos and data now, in case the display stops working.
- If touch works only in some areas, or the screen shows lines or black patches, the display module is damaged.
- Screen damage from a drop is usually not covered by the warranty. Tap Still need service for a quote.""")
e("jingshuiqi-lou-shui.md", "title: 净水器接头漏水\nproducts: [purifier]\nquestions: []", """先关掉进水阀和电源！

- 看漏水的位置：滤芯接口、水管接头还是机器底部。
- 刚换完滤芯漏水，多半是滤芯没拧到位或者密封圈没装好，取下来重新装。
- 水管接头漏，把管子往里再插一下，卡扣扣紧。
- 机器底部一直漏，可能是内部水管或压力桶的问题，请点「仍需服务」。""")
e("purifier-change-schedule.md", "title: When should I change the purifier cartridges\nproducts: [water purifier]\nquestions:\n  - how often do the filters need changing", """Typical intervals (your water may need them sooner):

- PP cotton (first stage): every 3–6 months
- Carbon block: every 6–12 months
- RO membrane: every 2–3 years

The filter indicator on the front counts time or water volume. When it lights up, replace that cartridge and reset the light.""")
e("purifier-tds-high.md", "title: 净水器出水TDS值变高\nproducts: [purifier]\nquestions:\n  - 用笔测出来的数值越来越大", """TDS 是水里溶解物的多少，反渗透净水器出水一般在 50 以下：

- 刚开机头一杯水 TDS 偏高是正常的，放掉半分钟再测。
- TDS 慢慢升高，说明 RO 膜在老化，到时间就该换了。
- 突然变得和自来水差不多，可能是 RO 膜破损或者废水比例阀坏了，请点「仍需服务」。""")
e("vacuum-robot-stuck.md", "title: Robot vacuum keeps getting stuck or will not dock\nproducts: [vacuum]\nquestions:\n  - my robot vacuum can't find its charging base", """- Clear cables, socks and rug tassels from the floor before it runs.
- Wipe the cliff sensors underneath and the charging contacts with a dry cloth.
- The dock needs about half a metre free on each side and a metre in front, against a wall.
- Restart the robot (hold the power button) and let it map the room again.""")
e("chuifengji-ting.md", "title: 吹风机用着用着突然停了\nproducts: [hair-dryer]\nquestions:\n  - 电吹风吹一会就不出风", """大部分吹风机有过热保护，进风口被头发、灰尘堵住就会过热停机：

- 拔掉电源，等 10 分钟凉下来。
- 把后面的进风口滤网拧下来，清掉头发和灰。
- 别贴着头发吹，离开几厘米。
- 有焦糊味、冒火星，马上停用。""")
e("toaster-not-popping.md", "title: Toaster does not pop up\nproducts: [toaster]\nquestions:\n  - bread gets stuck in the toaster", """- Unplug the toaster and let it cool before reaching in — never use a metal knife.
- Empty the crumb tray; crumbs can jam the lever.
- Thick slices can stick against the elements: use the bagel setting or thinner slices.""")
e("baoxiu-zhengce.md", "title: 保修期多久，保修需要什么\nproducts: []\nquestions:\n  - 买了一年多了还能免费修吗", """本店大部分电器整机保修一年，部分主要部件（比如空调压缩机、冰箱压缩机）保修时间更长，具体看保修卡。

保修期内报修请准备好：
- 购买发票或者电子订单截图；
- 机器上的型号和序列号。

人为损坏、进水、自己拆过的，不在免费保修范围内。""")
e("shangmen-yuyue.md", "title: 怎么预约师傅上门\nquestions:\n  - 想找个师傅来家里看看", """在这里直接告诉我们：哪个电器、什么型号、出了什么问题，再留下地址和电话。

我们会在工作时间内安排师傅，师傅出发前会先给您打电话确认时间。市区一般当天或第二天上门，郊区会晚一些。""")
e("change-appointment.md", "title: Change or cancel my visit\nquestions:\n  - can the engineer come tomorrow instead", """Reply here with your ticket number and the new time that suits you, and we will confirm it.

To cancel, send /cancel followed by your ticket number while the engineer is not yet on site.""")
e("tousu.md", "title: 对服务不满意，我要投诉\nquestions: []", """非常抱歉给您带来不好的体验。请直接在这里说说发生了什么（哪一次服务、哪位师傅、什么问题），我们的服务主管会在 24 小时内联系您处理。""")
e("invoice-request.md", "title: 维修后可以开发票吗\nquestions:\n  - 修完能给发票吗", """可以。付费维修完成后，把抬头和税号发给我们，电子发票会在三个工作日内发到您的邮箱。保修期内的免费维修不开发票。""")

os.makedirs("kb", exist_ok=True)
for fname, fm, body in E:
    with open(os.path.join("kb", fname), "w", encoding="utf-8") as f:
        f.write("---\n" + fm + "\n---\n" + body + "\n")
print(len(E), "entries")
