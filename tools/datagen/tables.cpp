#include "datagen/tables.hpp"

namespace ariadne::datagen {
namespace {

// --- Arabic (Syria, Iraq, Libya, Tunisia, Sudan, Yemen, Saudi Arabia) ---
constexpr NameEntry kArabMale[] = {
    {"محمد", "Mohammed,Muhammad,Mohamed,Mohamad,Mohammad"},
    {"أحمد", "Ahmed,Ahmad"},
    {"علي", "Ali"},
    {"حسن", "Hassan,Hasan"},
    {"حسين", "Hussein,Hussain,Husayn,Houssein"},
    {"عمر", "Omar,Umar"},
    {"خالد", "Khaled,Khalid"},
    {"يوسف", "Youssef,Yusuf,Yousef,Youssif"},
    {"إبراهيم", "Ibrahim,Ebrahim"},
    {"مصطفى", "Mustafa,Moustafa,Mostafa"},
    {"عبدالله", "Abdullah,Abdallah,Abdulla"},
    {"محمود", "Mahmoud,Mahmud"},
    {"سعيد", "Said,Saeed,Saied"},
    {"كريم", "Karim,Kareem"},
    {"طارق", "Tarek,Tariq,Tarik"},
    {"سامي", "Sami,Samy"},
    {"عادل", "Adel,Adil"},
    {"فيصل", "Faisal,Faysal,Faycal"},
    {"جمال", "Jamal,Gamal"},
    {"ناصر", "Nasser,Nasir,Naser"},
};
constexpr NameEntry kArabFemale[] = {
    {"فاطمة", "Fatima,Fatma,Fatimah"},
    {"عائشة", "Aisha,Aicha,Ayesha"},
    {"مريم", "Maryam,Mariam,Meriem"},
    {"زينب", "Zainab,Zaynab,Zeinab"},
    {"خديجة", "Khadija,Khadidja"},
    {"نور", "Nour,Noor,Nur"},
    {"ليلى", "Layla,Leila,Laila"},
    {"سارة", "Sara,Sarah"},
    {"هدى", "Huda,Hoda"},
    {"أمل", "Amal"},
    {"رنا", "Rana"},
    {"سلمى", "Salma"},
    {"ياسمين", "Yasmin,Yasmine"},
    {"هبة", "Heba,Hiba"},
    {"دعاء", "Doaa,Duaa"},
};
constexpr NameEntry kArabFamily[] = {
    {"الحسن", "Al-Hassan,Alhassan,El Hassan"},
    {"الأحمد", "Al-Ahmad,Alahmad,Al Ahmed"},
    {"العلي", "Al-Ali,Alali"},
    {"الخطيب", "Al-Khatib,Alkhatib,El Khatib"},
    {"حداد", "Haddad"},
    {"المصري", "Al-Masri,Almasri,El Masry"},
    {"الشامي", "Al-Shami,Alshami,Al Chami"},
    {"الزين", "Al-Zein,Alzein,El Zein"},
    {"النجار", "Al-Najjar,Alnajjar,El Naggar"},
    {"السيد", "Al-Sayed,El Sayed,Elsayed"},
    {"عثمان", "Othman,Osman,Uthman"},
    {"التميمي", "Al-Tamimi,Altamimi"},
    {"الجبوري", "Al-Jubouri,Aljubouri,Al Jiboury"},
    {"العبيدي", "Al-Obaidi,Alobaidi,Al Ubaydi"},
    {"الورفلي", "Al-Warfalli,Alwarfali"},
    {"الشمري", "Al-Shammari,Alshammari"},
    {"حمدان", "Hamdan"},
    {"عبدالرحمن", "Abdelrahman,Abdulrahman,Abdel Rahman"},
    {"سليمان", "Suleiman,Sulaiman,Soliman"},
    {"الحربي", "Al-Harbi,Alharbi"},
};

// --- Dari and Pashto (Afghanistan), Perso-Arabic script ---
constexpr NameEntry kAfghanMale[] = {
    {"احمد", "Ahmad,Ahmed"},
    {"محمد", "Mohammad,Muhammad,Mohammed"},
    {"عبدالله", "Abdullah"},
    {"نجیب", "Najib,Najeeb"},
    {"فرید", "Farid,Fareed"},
    {"جاوید", "Jawid,Javed,Javid"},
    {"حمید", "Hamid"},
    {"رحیم", "Rahim,Raheem"},
    {"کریم", "Karim,Kareem"},
    {"شفیق", "Shafiq,Shafik"},
    {"ذبیح‌الله", "Zabihullah,Zabiullah"},
    {"نور", "Noor,Nur"},
    {"سید", "Sayed,Sayyed,Said"},
    {"مسعود", "Masoud,Massoud,Masud"},
    {"ولی", "Wali,Vali"},
    {"یوسف", "Yousuf,Yusuf"},
    {"عزیز", "Aziz"},
    {"گل", "Gul"},
};
constexpr NameEntry kAfghanFemale[] = {
    {"فریبا", "Fariba"},          {"مریم", "Maryam,Mariam"}, {"زهرا", "Zahra"},          {"شکیلا", "Shakila"},
    {"فاطمه", "Fatima,Fatema"},   {"نرگس", "Nargis,Narges"}, {"پروین", "Parwin,Parvin"}, {"لیلا", "Laila,Leila"},
    {"ملالی", "Malalai"},         {"زرغونه", "Zarghuna"},    {"حمیده", "Hamida"},        {"نازنین", "Nazanin"},
    {"گلالی", "Gulalai,Gulalei"},
};
constexpr NameEntry kAfghanFamily[] = {
    {"احمدی", "Ahmadi"},
    {"محمدی", "Mohammadi,Muhammadi"},
    {"رحیمی", "Rahimi"},
    {"حیدری", "Haidari,Heydari,Haydari"},
    {"کریمی", "Karimi"},
    {"یوسفزی", "Yousafzai,Yusufzai"},
    {"پوپلزی", "Popalzai"},
    {"درانی", "Durrani"},
    {"نوری", "Noori,Nuri"},
    {"صدیقی", "Siddiqui,Sediqi,Seddiqi"},
    {"هاشمی", "Hashimi,Hashemi"},
    {"عزیزی", "Azizi"},
    {"حکیمی", "Hakimi"},
    {"وردک", "Wardak"},
    {"ستانکزی", "Stanikzai,Stanekzai"},
    {"امیری", "Amiri"},
    {"نظری", "Nazari"},
};

// --- Tigrinya and Amharic (Eritrea, Ethiopia), Ge'ez script; patronymic ---
constexpr NameEntry kEthiopicMale[] = {
    {"ተስፋዬ", "Tesfaye,Tesfaie"},
    {"ዳዊት", "Dawit"},
    {"ዮሃንስ", "Yohannes,Yohanes,Johannes"},
    {"ሰለሞን", "Solomon,Selemon"},
    {"ኃይሌ", "Haile,Hailé"},
    {"ብርሃነ", "Berhane,Birhane,Berhani"},
    {"ገብረመድህን", "Gebremedhin,Ghebremedhin,Gebremedhn"},
    {"ክብሮም", "Kibrom,Kebrom"},
    {"ፍሰሃ", "Fisseha,Fesseha"},
    {"መሓሪ", "Mehari"},
    {"ሙሉጌታ", "Mulugeta"},
    {"ዓወት", "Awet"},
    {"ሳምሶን", "Samson,Samsom"},
    {"ኣማኑኤል", "Amanuel,Emmanuel"},
    {"ተወልደ", "Tewelde,Teweldebrhan"},
    {"ሃብተ", "Habte,Habtom"},
};
constexpr NameEntry kEthiopicFemale[] = {
    {"ሄለን", "Helen,Hellen"}, {"ሰላም", "Selam,Salam"}, {"ትግስት", "Tigist,Tegist"},
    {"ሳባ", "Saba"},          {"ሉዋም", "Luwam,Luam"},  {"ፍረወይኒ", "Freweyni,Frewoini"},
    {"ብርቱካን", "Birtukan"},   {"መሰረት", "Meseret"},    {"ሃና", "Hana,Hanna"},
    {"ሩት", "Ruth,Rut"},      {"ዮርዳኖስ", "Yordanos"},  {"ኤልሳ", "Elsa"},
};

// --- Somali (Latin script; the second name is the father's) ---
constexpr NameEntry kSomaliMale[] = {
    {"Maxamed", "Mohamed,Mohammed,Maxamed"},
    {"Cabdi", "Abdi,Cabdi"},
    {"Axmed", "Ahmed,Axmed"},
    {"Xasan", "Hassan,Xasan,Hasan"},
    {"Cabdiraxmaan", "Abdirahman,Cabdiraxmaan"},
    {"Cabdullaahi", "Abdullahi,Cabdullaahi"},
    {"Yuusuf", "Yusuf,Yuusuf"},
    {"Cumar", "Omar,Cumar"},
    {"Faarax", "Farah,Faarax"},
    {"Warsame", "Warsame"},
    {"Jaamac", "Jama,Jaamac"},
    {"Ismaaciil", "Ismail,Ismaaciil"},
    {"Aadan", "Aden,Adan,Aadan"},
    {"Xirsi", "Hersi,Xirsi"},
};
constexpr NameEntry kSomaliFemale[] = {
    {"Hodan", "Hodan"}, {"Amiina", "Amina,Amiina"}, {"Faadumo", "Fadumo,Faadumo"}, {"Xaliimo", "Halima,Xaliimo"},
    {"Sahra", "Sahra"}, {"Caasha", "Asha,Caasha"},  {"Ifrax", "Ifrah,Ifrax"},      {"Hibo", "Hibo"},
    {"Nasra", "Nasra"}, {"Ubax", "Ubah,Ubax"},
};

// --- Nigeria (Yoruba, Igbo, Hausa) ---
constexpr NameEntry kNigerianMale[] = {
    {"Chinedu", "Chinedu"}, {"Emeka", "Emeka"},        {"Oluwaseun", "Oluwaseun,Seun"},  {"Babatunde", "Babatunde"},
    {"Ibrahim", "Ibrahim"}, {"Musa", "Musa"},          {"Abubakar", "Abubakar,Abubakr"}, {"Chukwuemeka", "Chukwuemeka"},
    {"Ifeanyi", "Ifeanyi"}, {"Obinna", "Obinna"},      {"Olusegun", "Olusegun,Segun"},   {"Usman", "Usman,Usmanu"},
    {"Kelechi", "Kelechi"}, {"Yusuf", "Yusuf,Yusufu"},
};
constexpr NameEntry kNigerianFemale[] = {
    {"Blessing", "Blessing"},  {"Chioma", "Chioma"}, {"Ngozi", "Ngozi"},   {"Funmilayo", "Funmilayo"},
    {"Aisha", "Aisha,Aishat"}, {"Amina", "Amina"},   {"Adaeze", "Adaeze"}, {"Folake", "Folake"},
    {"Precious", "Precious"},  {"Joy", "Joy"},       {"Zainab", "Zainab"}, {"Halima", "Halima,Halimat"},
    {"Yetunde", "Yetunde"},    {"Esther", "Esther"},
};
constexpr NameEntry kNigerianFamily[] = {
    {"Okafor", "Okafor"},   {"Okonkwo", "Okonkwo"}, {"Adeyemi", "Adeyemi"}, {"Ogunleye", "Ogunleye"},
    {"Eze", "Eze"},         {"Nwosu", "Nwosu"},     {"Bello", "Bello"},     {"Abdullahi", "Abdullahi"},
    {"Adebayo", "Adebayo"}, {"Chukwu", "Chukwu"},   {"Obi", "Obi"},         {"Balogun", "Balogun"},
    {"Danjuma", "Danjuma"}, {"Lawal", "Lawal"},     {"Igwe", "Igwe"},       {"Osagie", "Osagie"},
};

// --- Ghana (Akan) ---
constexpr NameEntry kGhanaMale[] = {
    {"Kwame", "Kwame"}, {"Kofi", "Kofi"},         {"Kwabena", "Kwabena"}, {"Yaw", "Yaw"},     {"Kojo", "Kojo,Kodjo"},
    {"Kwaku", "Kwaku"}, {"Emmanuel", "Emmanuel"}, {"Samuel", "Samuel"},   {"Isaac", "Isaac"}, {"Prince", "Prince"},
};
constexpr NameEntry kGhanaFemale[] = {
    {"Ama", "Ama"}, {"Akosua", "Akosua"}, {"Abena", "Abena"}, {"Efua", "Efua"},       {"Adwoa", "Adwoa"},
    {"Yaa", "Yaa"}, {"Esi", "Esi"},       {"Gifty", "Gifty"}, {"Comfort", "Comfort"}, {"Mercy", "Mercy"},
};
constexpr NameEntry kGhanaFamily[] = {
    {"Mensah", "Mensah"}, {"Owusu", "Owusu"},     {"Asante", "Asante"}, {"Boateng", "Boateng"},
    {"Osei", "Osei"},     {"Agyeman", "Agyeman"}, {"Appiah", "Appiah"}, {"Amoah", "Amoah"},
    {"Darko", "Darko"},   {"Adjei", "Adjei"},     {"Ofori", "Ofori"},   {"Acheampong", "Acheampong"},
};

// --- Sahel and Senegambia (Wolof, Fula, Mande; French spellings) ---
constexpr NameEntry kSahelMale[] = {
    {"Mamadou", "Mamadou,Mamadu"},
    {"Moussa", "Moussa,Musa"},
    {"Ousmane", "Ousmane,Usman,Ousman"},
    {"Abdoulaye", "Abdoulaye,Abdullahi"},
    {"Ibrahima", "Ibrahima"},
    {"Amadou", "Amadou,Ahmadu"},
    {"Cheikh", "Cheikh,Sheikh"},
    {"Souleymane", "Souleymane,Suleiman"},
    {"Boubacar", "Boubacar,Abubakar"},
    {"Modou", "Modou"},
    {"Issa", "Issa"},
    {"Seydou", "Seydou"},
    {"Lamine", "Lamine,Alamine"},
    {"Alassane", "Alassane,Alhassan"},
    {"Oumar", "Oumar,Omar"},
};
constexpr NameEntry kSahelFemale[] = {
    {"Fatou", "Fatou,Fatu"},
    {"Aminata", "Aminata"},
    {"Mariama", "Mariama,Mariam"},
    {"Awa", "Awa"},
    {"Aïssatou", "Aissatou,Aïssatou,Aisatu"},
    {"Khady", "Khady,Khadi"},
    {"Kadiatou", "Kadiatou,Kadiatu"},
    {"Fanta", "Fanta"},
    {"Rokia", "Rokia"},
    {"Hawa", "Hawa"},
    {"Ramatoulaye", "Ramatoulaye"},
    {"Bintou", "Bintou"},
};
constexpr NameEntry kSahelFamily[] = {
    {"Diallo", "Diallo,Jallow"},
    {"Ndiaye", "Ndiaye,N'Diaye"},
    {"Diop", "Diop"},
    {"Sow", "Sow"},
    {"Ba", "Ba,Bah"},
    {"Barry", "Barry,Bari"},
    {"Traoré", "Traore"},
    {"Keïta", "Keita"},
    {"Coulibaly", "Coulibaly,Kulibali"},
    {"Camara", "Camara,Kamara"},
    {"Touré", "Toure"},
    {"Konaté", "Konate"},
    {"Cissé", "Cisse"},
    {"Sylla", "Sylla,Silla"},
    {"Sanogo", "Sanogo"},
    {"Issoufou", "Issoufou"},
    {"Mahamadou", "Mahamadou"},
};

// --- Turkish ---
constexpr NameEntry kTurkishMale[] = {
    {"Mehmet", "Mehmet"},   {"Mustafa", "Mustafa"}, {"Ahmet", "Ahmet"},     {"Ali", "Ali"},
    {"Hüseyin", "Hüseyin"}, {"Hasan", "Hasan"},     {"İbrahim", "İbrahim"}, {"Murat", "Murat"},
    {"Emre", "Emre"},       {"Yusuf", "Yusuf"},     {"Ömer", "Ömer"},       {"Burak", "Burak"},
};
constexpr NameEntry kTurkishFemale[] = {
    {"Ayşe", "Ayşe"}, {"Fatma", "Fatma"}, {"Emine", "Emine"}, {"Hatice", "Hatice"}, {"Zeynep", "Zeynep"},
    {"Elif", "Elif"}, {"Merve", "Merve"}, {"Özlem", "Özlem"}, {"Büşra", "Büşra"},   {"Esra", "Esra"},
};
constexpr NameEntry kTurkishFamily[] = {
    {"Yılmaz", "Yılmaz"}, {"Kaya", "Kaya"},         {"Demir", "Demir"},   {"Şahin", "Şahin"}, {"Çelik", "Çelik"},
    {"Yıldız", "Yıldız"}, {"Yıldırım", "Yıldırım"}, {"Öztürk", "Öztürk"}, {"Aydın", "Aydın"}, {"Özdemir", "Özdemir"},
    {"Arslan", "Arslan"}, {"Doğan", "Doğan"},       {"Kılıç", "Kılıç"},   {"Çetin", "Çetin"},
};

// --- Greek ---
constexpr NameEntry kGreekMale[] = {
    {"Γεώργιος", "Georgios,Giorgos,George"}, {"Δημήτριος", "Dimitrios,Dimitris"},
    {"Ιωάννης", "Ioannis,Giannis,Yannis"},   {"Κωνσταντίνος", "Konstantinos,Constantinos,Kostas"},
    {"Νικόλαος", "Nikolaos,Nikos"},          {"Παναγιώτης", "Panagiotis,Panayiotis"},
    {"Χρήστος", "Christos,Hristos"},         {"Βασίλειος", "Vasileios,Vasilis"},
    {"Αθανάσιος", "Athanasios,Thanasis"},    {"Ευάγγελος", "Evangelos,Vangelis"},
};
constexpr NameEntry kGreekFemale[] = {
    {"Μαρία", "Maria"},
    {"Ελένη", "Eleni,Helen"},
    {"Αικατερίνη", "Aikaterini,Katerina"},
    {"Βασιλική", "Vasiliki"},
    {"Σοφία", "Sofia,Sophia"},
    {"Αναστασία", "Anastasia"},
    {"Δήμητρα", "Dimitra"},
    {"Γεωργία", "Georgia"},
    {"Ευαγγελία", "Evangelia"},
    {"Χριστίνα", "Christina,Hristina"},
};
constexpr NameEntry kGreekFamily[] = {
    {"Παπαδόπουλος", "Papadopoulos"},
    {"Παπαδημητρίου", "Papadimitriou"},
    {"Οικονόμου", "Oikonomou,Economou"},
    {"Γεωργίου", "Georgiou"},
    {"Νικολάου", "Nikolaou"},
    {"Παπαγεωργίου", "Papageorgiou"},
    {"Βλάχος", "Vlachos"},
    {"Αντωνίου", "Antoniou"},
    {"Μακρής", "Makris"},
    {"Καραγιάννης", "Karagiannis"},
    {"Ιωάννου", "Ioannou"},
    {"Δημητρίου", "Dimitriou"},
};
constexpr NameEntry kGreekFamilyFemale[] = {
    {"Παπαδοπούλου", "Papadopoulou"},
    {"Παπαδημητρίου", "Papadimitriou"},
    {"Οικονόμου", "Oikonomou,Economou"},
    {"Γεωργίου", "Georgiou"},
    {"Νικολάου", "Nikolaou"},
    {"Παπαγεωργίου", "Papageorgiou"},
    {"Βλάχου", "Vlachou"},
    {"Αντωνίου", "Antoniou"},
    {"Μακρή", "Makri"},
    {"Καραγιάννη", "Karagianni"},
    {"Ιωάννου", "Ioannou"},
    {"Δημητρίου", "Dimitriou"},
};

// --- Russian ---
constexpr NameEntry kRussianMale[] = {
    {"Александр", "Aleksandr,Alexander,Alexandre"},
    {"Дмитрий", "Dmitry,Dmitrii,Dmitriy"},
    {"Сергей", "Sergey,Sergei"},
    {"Андрей", "Andrey,Andrei"},
    {"Алексей", "Aleksey,Alexey,Alexei"},
    {"Иван", "Ivan"},
    {"Михаил", "Mikhail"},
    {"Николай", "Nikolay,Nikolai"},
    {"Владимир", "Vladimir"},
    {"Евгений", "Evgeny,Yevgeny,Evgenii"},
    {"Максим", "Maksim,Maxim"},
    {"Павел", "Pavel"},
};
constexpr NameEntry kRussianFemale[] = {
    {"Анна", "Anna"},
    {"Елена", "Elena,Yelena"},
    {"Ольга", "Olga"},
    {"Наталья", "Natalya,Natalia,Nataliya"},
    {"Татьяна", "Tatyana,Tatiana"},
    {"Ирина", "Irina"},
    {"Мария", "Mariya,Maria"},
    {"Екатерина", "Ekaterina,Yekaterina"},
    {"Светлана", "Svetlana"},
    {"Юлия", "Yulia,Yuliya,Julia"},
};
constexpr NameEntry kRussianFamily[] = {
    {"Иванов", "Ivanov"},
    {"Смирнов", "Smirnov"},
    {"Кузнецов", "Kuznetsov"},
    {"Попов", "Popov"},
    {"Васильев", "Vasilyev,Vasiliev"},
    {"Петров", "Petrov"},
    {"Соколов", "Sokolov"},
    {"Михайлов", "Mikhaylov,Mikhailov"},
    {"Новиков", "Novikov"},
    {"Фёдоров", "Fyodorov,Fedorov"},
    {"Морозов", "Morozov"},
    {"Волков", "Volkov"},
};
constexpr NameEntry kRussianFamilyFemale[] = {
    {"Иванова", "Ivanova"},
    {"Смирнова", "Smirnova"},
    {"Кузнецова", "Kuznetsova"},
    {"Попова", "Popova"},
    {"Васильева", "Vasilyeva,Vasilieva"},
    {"Петрова", "Petrova"},
    {"Соколова", "Sokolova"},
    {"Михайлова", "Mikhaylova,Mikhailova"},
    {"Новикова", "Novikova"},
    {"Фёдорова", "Fyodorova,Fedorova"},
    {"Морозова", "Morozova"},
    {"Волкова", "Volkova"},
};

// --- Serbian (Cyrillic; the Latin alphabet keeps its diacritics) ---
constexpr NameEntry kSerbianMale[] = {
    {"Никола", "Nikola"}, {"Марко", "Marko"},       {"Стефан", "Stefan"},         {"Милош", "Miloš,Milos"},
    {"Лазар", "Lazar"},   {"Душан", "Dušan,Dusan"}, {"Александар", "Aleksandar"}, {"Немања", "Nemanja"},
    {"Вук", "Vuk"},       {"Јован", "Jovan"},
};
constexpr NameEntry kSerbianFemale[] = {
    {"Милица", "Milica"},   {"Јелена", "Jelena"}, {"Ана", "Ana"},       {"Марија", "Marija"},
    {"Драгана", "Dragana"}, {"Ивана", "Ivana"},   {"Тијана", "Tijana"}, {"Јована", "Jovana"},
};
constexpr NameEntry kSerbianFamily[] = {
    {"Јовановић", "Jovanović,Jovanovic"},
    {"Петровић", "Petrović,Petrovic"},
    {"Николић", "Nikolić,Nikolic"},
    {"Марковић", "Marković,Markovic"},
    {"Ђорђевић", "Đorđević,Djordjevic,Dordevic"},
    {"Стојановић", "Stojanović,Stojanovic"},
    {"Илић", "Ilić,Ilic"},
    {"Станковић", "Stanković,Stankovic"},
    {"Павловић", "Pavlović,Pavlovic"},
    {"Милошевић", "Milošević,Milosevic"},
};

// --- Macedonian (Cyrillic) ---
constexpr NameEntry kMacedonianMale[] = {
    {"Александар", "Aleksandar"}, {"Стефан", "Stefan"}, {"Горан", "Goran"}, {"Зоран", "Zoran"},
    {"Дејан", "Dejan"},           {"Игор", "Igor"},     {"Бојан", "Bojan"}, {"Никола", "Nikola"},
};
constexpr NameEntry kMacedonianFemale[] = {
    {"Марија", "Marija"}, {"Елена", "Elena"},       {"Ивана", "Ivana"}, {"Билјана", "Biljana"},
    {"Соња", "Sonja"},    {"Катерина", "Katerina"}, {"Весна", "Vesna"},
};
constexpr NameEntry kMacedonianFamily[] = {
    {"Стојановски", "Stojanovski"},
    {"Николовски", "Nikolovski"},
    {"Трајковски", "Trajkovski"},
    {"Петровски", "Petrovski"},
    {"Јовановски", "Jovanovski"},
    {"Димитровски", "Dimitrovski"},
    {"Георгиевски", "Georgievski,Gjorgjievski"},
    {"Ристовски", "Ristovski"},
};
constexpr NameEntry kMacedonianFamilyFemale[] = {
    {"Стојановска", "Stojanovska"},
    {"Николовска", "Nikolovska"},
    {"Трајковска", "Trajkovska"},
    {"Петровска", "Petrovska"},
    {"Јовановска", "Jovanovska"},
    {"Димитровска", "Dimitrovska"},
    {"Георгиевска", "Georgievska,Gjorgjievska"},
    {"Ристовска", "Ristovska"},
};

// --- Hungarian (family name first) ---
constexpr NameEntry kHungarianMale[] = {
    {"László", "László"}, {"István", "István"}, {"József", "József"}, {"János", "János"},   {"Zoltán", "Zoltán"},
    {"Sándor", "Sándor"}, {"Gábor", "Gábor"},   {"Ferenc", "Ferenc"}, {"Attila", "Attila"}, {"Péter", "Péter"},
};
constexpr NameEntry kHungarianFemale[] = {
    {"Mária", "Mária"}, {"Erzsébet", "Erzsébet"},   {"Katalin", "Katalin"},     {"Ilona", "Ilona"},   {"Éva", "Éva"},
    {"Anna", "Anna"},   {"Zsuzsanna", "Zsuzsanna"}, {"Krisztina", "Krisztina"}, {"Andrea", "Andrea"},
};
constexpr NameEntry kHungarianFamily[] = {
    {"Nagy", "Nagy"},       {"Kovács", "Kovács"}, {"Tóth", "Tóth"},     {"Szabó", "Szabó"},
    {"Horváth", "Horváth"}, {"Varga", "Varga"},   {"Kiss", "Kiss"},     {"Molnár", "Molnár"},
    {"Németh", "Németh"},   {"Farkas", "Farkas"}, {"Balogh", "Balogh"},
};

// --- German and Austrian ---
constexpr NameEntry kGermanMale[] = {
    {"Thomas", "Thomas"},       {"Michael", "Michael"}, {"Andreas", "Andreas"},     {"Stefan", "Stefan"},
    {"Christian", "Christian"}, {"Markus", "Markus"},   {"Alexander", "Alexander"}, {"Lukas", "Lukas"},
    {"Jonas", "Jonas"},         {"Tobias", "Tobias"},   {"Florian", "Florian"},     {"Jürgen", "Jürgen,Juergen"},
};
constexpr NameEntry kGermanFemale[] = {
    {"Anna", "Anna"}, {"Julia", "Julia"}, {"Sabine", "Sabine"},     {"Katharina", "Katharina"}, {"Laura", "Laura"},
    {"Lena", "Lena"}, {"Sarah", "Sarah"}, {"Stefanie", "Stefanie"}, {"Claudia", "Claudia"},     {"Monika", "Monika"},
};
constexpr NameEntry kGermanFamily[] = {
    {"Müller", "Müller,Mueller"}, {"Schmidt", "Schmidt"},         {"Schneider", "Schneider"}, {"Fischer", "Fischer"},
    {"Weber", "Weber"},           {"Meyer", "Meyer,Meier,Maier"}, {"Wagner", "Wagner"},       {"Becker", "Becker"},
    {"Schulz", "Schulz"},         {"Hoffmann", "Hoffmann"},       {"Gruber", "Gruber"},       {"Huber", "Huber"},
    {"Bauer", "Bauer"},           {"Pichler", "Pichler"},
};

// --- Italian ---
constexpr NameEntry kItalianMale[] = {
    {"Giuseppe", "Giuseppe"}, {"Giovanni", "Giovanni"},   {"Antonio", "Antonio"}, {"Mario", "Mario"},
    {"Luigi", "Luigi"},       {"Francesco", "Francesco"}, {"Marco", "Marco"},     {"Alessandro", "Alessandro"},
    {"Andrea", "Andrea"},     {"Luca", "Luca"},           {"Matteo", "Matteo"},   {"Salvatore", "Salvatore"},
};
constexpr NameEntry kItalianFemale[] = {
    {"Maria", "Maria"}, {"Anna", "Anna"},   {"Giulia", "Giulia"}, {"Francesca", "Francesca"},   {"Chiara", "Chiara"},
    {"Sara", "Sara"},   {"Laura", "Laura"}, {"Elena", "Elena"},   {"Giuseppina", "Giuseppina"}, {"Rosa", "Rosa"},
};
constexpr NameEntry kItalianFamily[] = {
    {"Rossi", "Rossi"},     {"Russo", "Russo"},
    {"Ferrari", "Ferrari"}, {"Esposito", "Esposito"},
    {"Bianchi", "Bianchi"}, {"Romano", "Romano"},
    {"Colombo", "Colombo"}, {"Ricci", "Ricci"},
    {"Marino", "Marino"},   {"Greco", "Greco"},
    {"Bruno", "Bruno"},     {"Gallo", "Gallo"},
    {"Conti", "Conti"},     {"De Luca", "De Luca,Deluca"},
};

// --- Maltese ---
constexpr NameEntry kMalteseMale[] = {
    {"Joseph", "Joseph"},           {"John", "John"},       {"Mark", "Mark"}, {"Paul", "Paul"},
    {"Christopher", "Christopher"}, {"Matthew", "Matthew"}, {"Luke", "Luke"}, {"Daniel", "Daniel"},
};
constexpr NameEntry kMalteseFemale[] = {
    {"Maria", "Maria"}, {"Rita", "Rita"},     {"Josephine", "Josephine"}, {"Carmen", "Carmen"},
    {"Doris", "Doris"}, {"Claire", "Claire"}, {"Nicole", "Nicole"},       {"Elaine", "Elaine"},
};
constexpr NameEntry kMalteseFamily[] = {
    {"Borg", "Borg"},     {"Camilleri", "Camilleri"}, {"Vella", "Vella"},         {"Farrugia", "Farrugia"},
    {"Zammit", "Zammit"}, {"Galea", "Galea"},         {"Micallef", "Micallef"},   {"Grech", "Grech"},
    {"Attard", "Attard"}, {"Spiteri", "Spiteri"},     {"Azzopardi", "Azzopardi"}, {"Mifsud", "Mifsud"},
};

// --- French ---
constexpr NameEntry kFrenchMale[] = {
    {"Jean", "Jean"},         {"Pierre", "Pierre"},
    {"Michel", "Michel"},     {"Nicolas", "Nicolas"},
    {"Thomas", "Thomas"},     {"Julien", "Julien"},
    {"Philippe", "Philippe"}, {"Antoine", "Antoine"},
    {"Louis", "Louis"},       {"François", "François,Francois"},
};
constexpr NameEntry kFrenchFemale[] = {
    {"Marie", "Marie"},     {"Nathalie", "Nathalie"}, {"Isabelle", "Isabelle"},    {"Sophie", "Sophie"},
    {"Camille", "Camille"}, {"Julie", "Julie"},       {"Céline", "Céline,Celine"}, {"Claire", "Claire"},
    {"Léa", "Léa,Lea"},     {"Manon", "Manon"},
};
constexpr NameEntry kFrenchFamily[] = {
    {"Martin", "Martin"},
    {"Bernard", "Bernard"},
    {"Dubois", "Dubois"},
    {"Thomas", "Thomas"},
    {"Robert", "Robert"},
    {"Richard", "Richard"},
    {"Petit", "Petit"},
    {"Durand", "Durand"},
    {"Leroy", "Leroy"},
    {"Moreau", "Moreau"},
    {"Lefebvre", "Lefebvre,Lefèvre"},
    {"Girard", "Girard"},
    {"Rousseau", "Rousseau"},
};

// --- Haitian ---
constexpr NameEntry kHaitianMale[] = {
    {"Jean", "Jean"},           {"Pierre", "Pierre"},
    {"Jacques", "Jacques"},     {"Wilner", "Wilner"},
    {"Frantz", "Frantz,Franz"}, {"Ricardo", "Ricardo"},
    {"Emmanuel", "Emmanuel"},   {"Reginald", "Reginald"},
    {"Wisly", "Wisly"},         {"Jean-Robert", "Jean-Robert,Jean Robert"},
};
constexpr NameEntry kHaitianFemale[] = {
    {"Marie", "Marie"},     {"Rose", "Rose"},         {"Guerline", "Guerline"}, {"Nadège", "Nadège,Nadege"},
    {"Fabiola", "Fabiola"}, {"Mirlande", "Mirlande"}, {"Roseline", "Roseline"}, {"Natacha", "Natacha"},
    {"Widline", "Widline"}, {"Judith", "Judith"},
};
constexpr NameEntry kHaitianFamily[] = {
    {"Jean-Baptiste", "Jean-Baptiste,Jean Baptiste"},
    {"Pierre", "Pierre"},
    {"Joseph", "Joseph"},
    {"Louis", "Louis"},
    {"Charles", "Charles"},
    {"Saint-Fleur", "Saint-Fleur,St Fleur"},
    {"Désir", "Desir"},
    {"Augustin", "Augustin"},
    {"Célestin", "Celestin"},
    {"Dorvil", "Dorvil"},
    {"Jean-Louis", "Jean-Louis"},
    {"Étienne", "Etienne"},
};

// --- English ---
constexpr NameEntry kEnglishMale[] = {
    {"James", "James"},     {"John", "John"},     {"Robert", "Robert"}, {"Michael", "Michael"},
    {"William", "William"}, {"David", "David"},   {"Daniel", "Daniel"}, {"Christopher", "Christopher"},
    {"Matthew", "Matthew"}, {"Joshua", "Joshua"}, {"Thomas", "Thomas"}, {"Ryan", "Ryan"},
};
constexpr NameEntry kEnglishFemale[] = {
    {"Mary", "Mary"},       {"Jennifer", "Jennifer"}, {"Elizabeth", "Elizabeth"}, {"Sarah", "Sarah"},
    {"Jessica", "Jessica"}, {"Emily", "Emily"},       {"Emma", "Emma"},           {"Olivia", "Olivia"},
    {"Sophie", "Sophie"},   {"Hannah", "Hannah"},     {"Laura", "Laura"},
};
constexpr NameEntry kEnglishFamily[] = {
    {"Smith", "Smith"},   {"Johnson", "Johnson"},   {"Williams", "Williams"}, {"Brown", "Brown"},
    {"Jones", "Jones"},   {"Taylor", "Taylor"},     {"Davies", "Davies"},     {"Wilson", "Wilson"},
    {"Evans", "Evans"},   {"Miller", "Miller"},     {"Davis", "Davis"},       {"Thompson", "Thompson"},
    {"Walker", "Walker"}, {"Robinson", "Robinson"},
};

// --- Hispanic America (two surnames) ---
constexpr NameEntry kHispanicMale[] = {
    {"José", "José,Jose"},
    {"Juan", "Juan"},
    {"Luis", "Luis"},
    {"Carlos", "Carlos"},
    {"Jorge", "Jorge"},
    {"Miguel", "Miguel"},
    {"Jesús", "Jesús,Jesus"},
    {"Pedro", "Pedro"},
    {"Francisco", "Francisco"},
    {"Alejandro", "Alejandro"},
    {"Andrés", "Andrés,Andres"},
    {"Diego", "Diego"},
    {"Manuel", "Manuel"},
};
constexpr NameEntry kHispanicFemale[] = {
    {"María", "María,Maria"}, {"Guadalupe", "Guadalupe"},
    {"Ana", "Ana"},           {"Carmen", "Carmen"},
    {"Rosa", "Rosa"},         {"Daniela", "Daniela"},
    {"Gabriela", "Gabriela"}, {"Valentina", "Valentina"},
    {"Sofía", "Sofía,Sofia"}, {"Yessica", "Yessica,Yesica,Jessica"},
    {"Luz", "Luz"},           {"Andrea", "Andrea"},
};
constexpr NameEntry kHispanicFamily[] = {
    {"García", "García,Garcia"},
    {"Rodríguez", "Rodríguez,Rodriguez"},
    {"Martínez", "Martínez,Martinez"},
    {"Hernández", "Hernández,Hernandez"},
    {"López", "López,Lopez"},
    {"González", "González,Gonzalez"},
    {"Pérez", "Pérez,Perez"},
    {"Sánchez", "Sánchez,Sanchez"},
    {"Ramírez", "Ramírez,Ramirez"},
    {"Torres", "Torres"},
    {"Flores", "Flores"},
    {"Rivera", "Rivera"},
    {"Gómez", "Gómez,Gomez"},
    {"Díaz", "Díaz,Diaz"},
    {"Morales", "Morales"},
    {"Castillo", "Castillo"},
};

// --- Malay ---
constexpr NameEntry kMalayMale[] = {
    {"Muhammad", "Muhammad,Mohd,Mohamad"},
    {"Ahmad", "Ahmad"},
    {"Azman", "Azman"},
    {"Faizal", "Faizal,Faisal"},
    {"Hafiz", "Hafiz"},
    {"Hakim", "Hakim"},
    {"Ismail", "Ismail"},
    {"Kamal", "Kamal"},
    {"Rizal", "Rizal"},
    {"Zulkifli", "Zulkifli"},
    {"Amir", "Amir"},
};
constexpr NameEntry kMalayFemale[] = {
    {"Nur", "Nur,Noor"},    {"Siti", "Siti"},     {"Aisyah", "Aisyah,Aishah"}, {"Nurul", "Nurul"},
    {"Farah", "Farah"},     {"Aminah", "Aminah"}, {"Zainab", "Zainab"},        {"Hafizah", "Hafizah"},
    {"Noraini", "Noraini"}, {"Salmah", "Salmah"},
};
constexpr NameEntry kMalayFamily[] = {
    {"Abdullah", "Abdullah"}, {"Ismail", "Ismail"}, {"Ibrahim", "Ibrahim"}, {"Hassan", "Hassan,Hasan"},
    {"Yusof", "Yusof,Yusuf"}, {"Rahman", "Rahman"}, {"Osman", "Osman"},     {"Ahmad", "Ahmad"},
    {"Hamid", "Hamid"},       {"Razak", "Razak"},
};

// --- Burmese (no family names: a person's name is two or three elements) ---
constexpr NameEntry kBurmeseMale[] = {
    {"အောင်", "Aung"}, {"ကျော်", "Kyaw,Kyaw"}, {"မိုး", "Moe,Mo"}, {"ထွန်း", "Htun,Tun,Htoon"}, {"ဇော်", "Zaw,Zaw"},
    {"မင်း", "Min"},   {"သိန်း", "Thein"},      {"လွင်", "Lwin"},   {"ဝင်း", "Win,Winn"},       {"နိုင်", "Naing"},
    {"သန့်", "Thant"},  {"မြင့်", "Myint"},      {"စိုး", "Soe"},    {"လှိုင်", "Hlaing"},
};
constexpr NameEntry kBurmeseFemale[] = {
    {"စု", "Su"},    {"မြတ်", "Myat"},   {"နွယ်", "Nwe,Nway"}, {"ခင်", "Khin"},           {"သီတာ", "Thida,Thidar"},
    {"ဖြူ", "Phyu"}, {"ချို", "Cho,Cho"}, {"မာ", "Mar,Ma"},   {"စန္ဒာ", "Sandar,Sanda"}, {"အေး", "Aye"},
    {"ယဉ်", "Yin"},  {"နှင်း", "Hnin"},   {"အိ", "Ei"},
};

// --- Bengali ---
constexpr NameEntry kBengaliMale[] = {
    {"মোহাম্মদ", "Mohammad,Mohammed,Muhammad,Md"},
    {"আব্দুল", "Abdul"},
    {"রহিম", "Rahim"},
    {"করিম", "Karim"},
    {"জামাল", "Jamal"},
    {"কামাল", "Kamal"},
    {"রফিক", "Rafiq,Rafique"},
    {"শফিক", "Shafiq,Shafique"},
    {"আনোয়ার", "Anwar,Anowar"},
    {"হাসান", "Hasan,Hassan"},
    {"মাহমুদ", "Mahmud,Mahmood"},
    {"নাজমুল", "Nazmul"},
    {"সাইফুল", "Saiful"},
    {"রাকিব", "Rakib"},
};
constexpr NameEntry kBengaliFemale[] = {
    {"ফাতেমা", "Fatema,Fatima"}, {"নাসরিন", "Nasrin,Nasreen"}, {"শাহানা", "Shahana"},           {"রুমানা", "Rumana"},
    {"সুমাইয়া", "Sumaiya"},       {"তাসলিমা", "Taslima"},       {"রোকসানা", "Roksana,Rokshana"}, {"শারমিন", "Sharmin"},
    {"নুসরাত", "Nusrat"},         {"ফারজানা", "Farzana"},
};
constexpr NameEntry kBengaliFamily[] = {
    {"ইসলাম", "Islam"},
    {"হোসেন", "Hossain,Hussain,Hosen"},
    {"রহমান", "Rahman"},
    {"আহমেদ", "Ahmed"},
    {"খান", "Khan"},
    {"চৌধুরী", "Chowdhury,Choudhury"},
    {"মিয়া", "Mia,Miah"},
    {"আলী", "Ali"},
    {"সরকার", "Sarkar,Sircar"},
    {"উদ্দিন", "Uddin"},
    {"হক", "Haque,Hoque"},
    {"শেখ", "Sheikh,Shaikh"},
    {"মোল্লা", "Molla,Mollah"},
};

// --- Thai (Royal Thai General System spellings, as in passports) ---
constexpr NameEntry kThaiMale[] = {
    {"สมชาย", "Somchai"},     {"สมศักดิ์", "Somsak"},    {"ประเสริฐ", "Prasert"},          {"สุรชัย", "Surachai"},
    {"วิชัย", "Wichai,Vichai"}, {"อนันต์", "Anan,Anant"}, {"ธนากร", "Thanakorn,Tanakorn"}, {"ณัฐพล", "Nattapon,Natthaphon"},
    {"กิตติ", "Kitti"},         {"ชัยวัฒน์", "Chaiwat"},
};
constexpr NameEntry kThaiFemale[] = {
    {"สมหญิง", "Somying"},          {"มาลี", "Malee,Mali"},          {"สุดา", "Suda"},
    {"วันเพ็ญ", "Wanphen,Wanpen"},   {"นภา", "Napha,Napa"},          {"ปิยะนุช", "Piyanuch"},
    {"ศิริพร", "Siriporn,Siriphon"}, {"กาญจนา", "Kanchana,Kanjana"}, {"อรุณี", "Arunee,Aruni"},
    {"พรทิพย์", "Pornthip,Porntip"},
};
constexpr NameEntry kThaiFamily[] = {
    {"ใจดี", "Jaidee,Chaidi"},     {"สุขสวัสดิ์", "Suksawat"},
    {"ศรีสุข", "Srisuk,Sisuk"},     {"แก้วมณี", "Kaewmanee,Kaeomani"},
    {"ทองดี", "Thongdee,Tongdee"}, {"วงศ์สวัสดิ์", "Wongsawat"},
    {"บุญมา", "Boonma,Bunma"},     {"ชัยมงคล", "Chaimongkol,Chaimongkhon"},
    {"พรหมมา", "Promma,Phromma"}, {"สมบูรณ์", "Somboon,Sombun"},
    {"มีสุข", "Meesuk,Misuk"},
};

// --- Vietnamese (Latin with diacritics; family, middle, given) ---
constexpr NameEntry kVietFamily[] = {
    {"Nguyễn", "Nguyễn,Nguyen,Nguyen"},
    {"Trần", "Trần,Tran"},
    {"Lê", "Lê,Le"},
    {"Phạm", "Phạm,Pham"},
    {"Hoàng", "Hoàng,Hoang"},
    {"Phan", "Phan"},
    {"Vũ", "Vũ,Vu"},
    {"Đặng", "Đặng,Dang"},
    {"Bùi", "Bùi,Bui"},
    {"Đỗ", "Đỗ,Do"},
    {"Hồ", "Hồ,Ho"},
    {"Ngô", "Ngô,Ngo"},
    {"Dương", "Dương,Duong"},
    {"Lý", "Lý,Ly"},
};
constexpr NameEntry kVietMiddleMale[] = {
    {"Văn", "Văn,Van"}, {"Hữu", "Hữu,Huu"}, {"Đức", "Đức,Duc"},
    {"Minh", "Minh"},   {"Quang", "Quang"}, {"Công", "Công,Cong"},
};
constexpr NameEntry kVietMiddleFemale[] = {
    {"Thị", "Thị,Thi"}, {"Ngọc", "Ngọc,Ngoc"}, {"Thu", "Thu"}, {"Thanh", "Thanh"}, {"Kim", "Kim"},
};
constexpr NameEntry kVietMale[] = {
    {"An", "An"},          {"Bình", "Bình,Binh"},    {"Cường", "Cường,Cuong"}, {"Dũng", "Dũng,Dung"},
    {"Hùng", "Hùng,Hung"}, {"Hải", "Hải,Hai"},       {"Huy", "Huy"},           {"Khoa", "Khoa"},
    {"Long", "Long"},      {"Nam", "Nam"},           {"Phong", "Phong"},       {"Quân", "Quân,Quan"},
    {"Sơn", "Sơn,Son"},    {"Thắng", "Thắng,Thang"}, {"Tuấn", "Tuấn,Tuan"},
};
constexpr NameEntry kVietFemale[] = {
    {"Anh", "Anh"},        {"Hoa", "Hoa"},     {"Hương", "Hương,Huong"}, {"Lan", "Lan"},
    {"Linh", "Linh"},      {"Mai", "Mai"},     {"Nhung", "Nhung"},       {"Phương", "Phương,Phuong"},
    {"Thảo", "Thảo,Thao"}, {"Trang", "Trang"}, {"Tuyết", "Tuyết,Tuyet"}, {"Vy", "Vy"},
};

// --- Chinese (Han characters, Hanyu Pinyin first) ---
constexpr NameEntry kHanFamily[] = {
    {"王", "Wang"},      {"李", "Li,Lee"},    {"张", "Zhang,Chang"}, {"刘", "Liu"},
    {"陈", "Chen,Chan"}, {"杨", "Yang"},      {"黄", "Huang,Wong"},  {"赵", "Zhao,Chao"},
    {"吴", "Wu"},        {"周", "Zhou,Chow"}, {"徐", "Xu,Hsu"},      {"孙", "Sun"},
    {"马", "Ma"},        {"朱", "Zhu,Chu"},   {"胡", "Hu"},          {"林", "Lin,Lam"},
};
constexpr NameEntry kHanMale[] = {
    {"伟", "Wei"},
    {"强", "Qiang"},
    {"磊", "Lei"},
    {"军", "Jun"},
    {"杰", "Jie"},
    {"涛", "Tao"},
    {"明", "Ming"},
    {"超", "Chao"},
    {"建国", "Jianguo,Jian Guo"},
    {"志强", "Zhiqiang,Zhi Qiang"},
    {"小明", "Xiaoming,Xiao Ming"},
    {"浩然", "Haoran,Hao Ran"},
    {"子轩", "Zixuan,Zi Xuan"},
    {"俊杰", "Junjie,Jun Jie"},
};
constexpr NameEntry kHanFemale[] = {
    {"芳", "Fang"},
    {"娜", "Na"},
    {"敏", "Min"},
    {"静", "Jing"},
    {"丽", "Li"},
    {"秀英", "Xiuying,Xiu Ying"},
    {"桂英", "Guiying,Gui Ying"},
    {"婷", "Ting"},
    {"雪", "Xue"},
    {"欣怡", "Xinyi,Xin Yi"},
    {"梓涵", "Zihan,Zi Han"},
    {"玉兰", "Yulan,Yu Lan"},
};

constexpr Culture kCultures[] = {
    {"arabic", "Arab", kArabMale, kArabFemale, kArabFamily, {}, {}, {}, 1, false, true},
    {"afghan", "Arab", kAfghanMale, kAfghanFemale, kAfghanFamily},
    {"ethiopic", "Ethi", kEthiopicMale, kEthiopicFemale, {}, {}, {}, {}, 1, true},
    {"somali", "Latn", kSomaliMale, kSomaliFemale, {}, {}, {}, {}, 1, true},
    {"nigerian", "Latn", kNigerianMale, kNigerianFemale, kNigerianFamily},
    {"ghanaian", "Latn", kGhanaMale, kGhanaFemale, kGhanaFamily},
    {"sahelian", "Latn", kSahelMale, kSahelFemale, kSahelFamily},
    {"turkish", "Latn", kTurkishMale, kTurkishFemale, kTurkishFamily},
    {"greek", "Grek", kGreekMale, kGreekFemale, kGreekFamily, kGreekFamilyFemale},
    {"russian", "Cyrl", kRussianMale, kRussianFemale, kRussianFamily, kRussianFamilyFemale},
    {"serbian", "Cyrl", kSerbianMale, kSerbianFemale, kSerbianFamily},
    {"macedonian", "Cyrl", kMacedonianMale, kMacedonianFemale, kMacedonianFamily, kMacedonianFamilyFemale},
    {"hungarian",
     "Latn",
     kHungarianMale,
     kHungarianFemale,
     kHungarianFamily,
     {},
     {},
     {},
     1,
     false,
     false,
     NameOrder::family_given},
    {"german", "Latn", kGermanMale, kGermanFemale, kGermanFamily},
    {"italian", "Latn", kItalianMale, kItalianFemale, kItalianFamily},
    {"maltese", "Latn", kMalteseMale, kMalteseFemale, kMalteseFamily},
    {"french", "Latn", kFrenchMale, kFrenchFemale, kFrenchFamily},
    {"haitian", "Latn", kHaitianMale, kHaitianFemale, kHaitianFamily},
    {"english", "Latn", kEnglishMale, kEnglishFemale, kEnglishFamily},
    {"hispanic", "Latn", kHispanicMale, kHispanicFemale, kHispanicFamily, {}, {}, {}, 2},
    {"malay", "Latn", kMalayMale, kMalayFemale, kMalayFamily},
    {"burmese", "Mymr", kBurmeseMale, kBurmeseFemale, {}},
    {"bengali", "Beng", kBengaliMale, kBengaliFemale, kBengaliFamily},
    {"thai", "Thai", kThaiMale, kThaiFemale, kThaiFamily},
    {"vietnamese",
     "Latn",
     kVietMale,
     kVietFemale,
     kVietFamily,
     {},
     kVietMiddleMale,
     kVietMiddleFemale,
     1,
     false,
     false,
     NameOrder::family_given},
    {"chinese", "Hani", kHanMale, kHanFemale, kHanFamily, {}, {}, {}, 1, false, false, NameOrder::family_given},
};

// Weights are relative shares of documents and people, not statistics.
constexpr Country kCountries[] = {
    // Central Mediterranean
    {"NGA", "NG", "Nigeria", "nigerian", 30, "A########", "", "", "P4"},
    {"GHA", "GH", "Ghana", "ghanaian", 12, "G#######", "", "", "UR"},
    {"SEN", "SN", "Senegal", "sahelian", 10, "A#######", "", "", "HC"},
    {"GIN", "GN", "Guinea", "sahelian", 8, "R#######", "", "", "GY"},
    {"MLI", "ML", "Mali", "sahelian", 8, "A#######", "", "", "KM"},
    {"CIV", "CI", "Côte d'Ivoire", "sahelian", 10, "##@@#####", "", "", "HF"},
    {"NER", "NE", "Niger", "sahelian", 8, "##PC#####", "", "", "NP"},
    {"LBY", "LY", "Libya", "arabic", 12, "@#######", "", "#####################", "8U"},
    {"TUN", "TN", "Tunisia", "arabic", 12, "@#######", "", "####################", "TU"},
    {"ITA", "IT", "Italy", "italian", 60, "@@#######", "CA#####@@", "@##########************", "AZ"},
    {"MLT", "MT", "Malta", "maltese", 4, "#######", "#######@", "@@@@#####******************", "KM"},
    // Eastern Mediterranean and the Balkans
    {"SYR", "SY", "Syria", "arabic", 30, "N########", "", "", "RB"},
    {"AFG", "AF", "Afghanistan", "afghan", 25, "P#######", "", "", "FG"},
    {"IRQ", "IQ", "Iraq", "arabic", 20, "@########", "", "@@@@###############", "IA"},
    {"TUR", "TR", "Türkiye", "turkish", 50, "U########", "A##@#####", "#####0****************", "TK"},
    {"GRC", "GR", "Greece", "greek", 20, "@@#######", "@@######", "#######****************", "A3"},
    {"MKD", "MK", "North Macedonia", "macedonian", 5, "@#######", "@#######", "###**********##", "MK"},
    {"SRB", "RS", "Serbia", "serbian", 10, "#########", "#########", "##################", "JU"},
    {"HUN", "HU", "Hungary", "hungarian", 15, "@@#######", "######@@", "########################", "W6"},
    {"AUT", "AT", "Austria", "german", 15, "@#######", "#######", "################", "OS"},
    {"DEU", "DE", "Germany", "german", 70, "C%%%%%%%%", "L%%%%%%%%", "##################", "LH"},
    // Horn of Africa, and the Eastern route
    {"ERI", "ER", "Eritrea", "ethiopic", 12, "@@#######", "", "", "B8"},
    {"ETH", "ET", "Ethiopia", "ethiopic", 25, "EP#######", "", "", "ET"},
    {"SOM", "SO", "Somalia", "somali", 10, "P@#######", "", "", "D3"},
    {"SDN", "SD", "Sudan", "arabic", 15, "P########", "", "##############", "SD"},
    {"YEM", "YE", "Yemen", "arabic", 10, "#########", "", "", "IY"},
    {"SAU", "SA", "Saudi Arabia", "arabic", 25, "@#######", "", "##******************", "SV"},
    // The Americas
    {"VEN", "VE", "Venezuela", "hispanic", 25, "#########", "", "", "V0"},
    {"HTI", "HT", "Haiti", "haitian", 10, "@@#######", "", "", "7N"},
    {"ECU", "EC", "Ecuador", "hispanic", 15, "A#######", "", "", "EQ"},
    {"COL", "CO", "Colombia", "hispanic", 30, "@@######", "", "", "AV"},
    {"PAN", "PA", "Panama", "hispanic", 6, "PA#######", "", "", "CM"},
    {"GTM", "GT", "Guatemala", "hispanic", 12, "#########", "", "", "GU"},
    {"MEX", "MX", "Mexico", "hispanic", 50, "G########", "", "", "AM"},
    {"USA", "US", "United States", "english", 80, "#########", "", "", "AA"},
    // South-East Asia
    {"MMR", "MM", "Myanmar", "burmese", 15, "M@######", "", "", "8M"},
    {"BGD", "BD", "Bangladesh", "bengali", 25, "@@#######", "", "", "BG"},
    {"THA", "TH", "Thailand", "thai", 30, "@@#######", "#############", "", "TG"},
    {"MYS", "MY", "Malaysia", "malay", 20, "A########", "############", "", "MH"},
    // Viet Nam to the United Kingdom
    {"VNM", "VN", "Viet Nam", "vietnamese", 25, "C#######", "############", "", "VN"},
    {"RUS", "RU", "Russia", "russian", 30, "#########", "", "", "SU"},
    {"CHN", "CN", "China", "chinese", 40, "E########", "", "", "CA"},
    {"FRA", "FR", "France", "french", 60, "##@@#####", "*********", "##########***********##", "AF"},
    {"GBR", "GB", "United Kingdom", "english", 50, "#########", "", "@@@@##############", "BA"},
};

constexpr Partner kPartners[] = {
    {"AIRLINK", "AirLink Carrier Association"},
    {"SEARESCUE", "Mediterranean Sea Rescue Coordination"},
};

constexpr Corridor kCorridors[] = {
    {"central_mediterranean", "NGA,GHA,SEN,GIN,MLI,CIV|NER|LBY,TUN|ITA,MLT|FRA,DEU"},
    {"eastern_mediterranean", "SYR,AFG,IRQ|TUR|GRC|MKD|SRB|HUN|AUT|DEU"},
    {"horn_of_africa", "ERI,ETH,SOM|SDN|LBY|ITA,MLT"},
    {"eastern_route", "ETH,SOM|YEM|SAU"},
    {"americas", "VEN,HTI,ECU|COL|PAN|GTM|MEX|USA"},
    {"south_east_asia", "MMR,BGD|THA|MYS"},
    {"viet_nam_europe", "VNM|RUS,CHN|DEU,FRA|GBR"},
};

}  // namespace

std::span<const Country> countries() {
  return kCountries;
}
std::span<const Partner> partners() {
  return kPartners;
}
std::span<const Corridor> corridors() {
  return kCorridors;
}
std::span<const Culture> cultures() {
  return kCultures;
}

const Culture* find_culture(std::string_view id) {
  for (const auto& c : kCultures) {
    if (c.id == id) return &c;
  }
  return nullptr;
}

const Country* find_country(std::string_view code) {
  for (const auto& c : kCountries) {
    if (c.code == code) return &c;
  }
  return nullptr;
}

}  // namespace ariadne::datagen
